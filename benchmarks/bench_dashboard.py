"""Dashboard figures against the targets of the dashboard issue (a script, not a test).

    python benchmarks/bench_dashboard.py                 # demo (data/demo) + Jawa Tengah
    python benchmarks/bench_dashboard.py --demo DIR      # another dataset as "demo"
    python benchmarks/bench_dashboard.py --no-browser    # server-side figures only

Demo (targets): first load <= 500 KB on the wire; an indicator switch <= 20 KB and <= 50 ms of
server time; a drill into a kecamatan <= 100 ms (server time of every request it makes).
Jawa Tengah (all 8,563 desa of ``../shared/data/desa_jateng_full.parquet``, synthetic counts
built with the ``layers`` roll-up in a temporary folder): an indicator switch sends at most
1/200 of the bytes of the full GeoJSON a naive Dash map would resend (~20 MB).

Browser figures use Debian's Chromium through Playwright (never ``playwright install``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SHARED = REPO.parent / "shared" / "data"
TARGETS = {"first_load_kb": 500, "switch_kb": 20, "switch_ms": 50, "drill_ms": 100,
           "jateng_ratio": 200}


# -------------------------------------------------------------------------------------------
# callback requests built from the app's own callback map (no browser needed)
# -------------------------------------------------------------------------------------------

def timed(client, app, first_output: str, values: dict, changed: list[str],
          n: int = 25) -> tuple[int, int, float]:
    """Raw bytes, gzip bytes and median server milliseconds of one callback request."""
    from tools.replay import call

    _, data, _ = call(client, app, first_output, values, changed)
    times = [call(client, app, first_output, values, changed)[2] for _ in range(n)]
    return len(data), len(gzip.compress(data, 6)), statistics.median(times) * 1000


def two_indicators(dataset) -> tuple[str, str]:
    """The indicator shown first and a rate with values to switch to."""
    desa = dataset.frames["desa"]
    avail = [i for i in dataset.indicators if i.tersedia]
    rate = next((i for i in avail if i.jenis == "rate" and desa[i.kolom].notna().any()),
                avail[-1])
    return dataset.default_indicator.kolom, rate.kolom


# -------------------------------------------------------------------------------------------
# server-side figures
# -------------------------------------------------------------------------------------------

def server_figures(app, dataset, pathname: str) -> dict:
    """Indicator switch (server time and bytes) on one view."""
    from tools.replay import call, page_state

    client = app.server.test_client()
    a, b = two_indicators(dataset)
    out = {"view": pathname}
    switch = {}
    values = page_state(pathname, b)
    for first in ("pd-style.data", "pd-table-body.children"):
        switch[first] = timed(client, app, first, values, ["pd-indicator.value"])
    out["switch_raw"] = sum(v[0] for v in switch.values())
    out["switch_gzip"] = sum(v[1] for v in switch.values())
    out["switch_ms"] = sum(v[2] for v in switch.values())
    out["switch_parts"] = switch
    text = call(client, app, "pd-style.data", values, ["pd-indicator.value"])[1].decode()
    out["switch_has_coordinates"] = '"coordinates"' in text or '"geometry"' in text
    return out


def drill_figures(app, dataset, kec_path: str) -> dict:
    """Every request a click on a kecamatan makes: callbacks of the new path + its geometry."""
    from dashboard.model import route
    from tools.replay import page_state

    client = app.server.test_client()
    a, _ = two_indicators(dataset)
    values = page_state(kec_path, a)
    parts = {}
    for first in ("pd-geo-url.data", "pd-breadcrumb.children", "pd-style.data",
                  "pd-table-body.children", "pd-profile.children"):
        parts[first] = timed(client, app, first, values, ["pd-location.pathname"], n=15)
    url = route(dataset, kec_path).geo_url
    client.get(url, headers={"Accept-Encoding": "gzip"})
    times = []
    size = 0
    for _ in range(15):
        t0 = time.perf_counter()
        r = client.get(url, headers={"Accept-Encoding": "gzip"})
        times.append(time.perf_counter() - t0)
        size = len(r.data)
    parts["geometry"] = (size, size, statistics.median(times) * 1000)
    return {"view": kec_path, "parts": parts,
            "ms": sum(v[2] for v in parts.values()),
            "gzip": sum(v[1] for v in parts.values())}


# -------------------------------------------------------------------------------------------
# browser figures (Chromium through Playwright)
# -------------------------------------------------------------------------------------------

def browser_figures(app, dataset) -> dict:
    from dashboard.model import route
    from tools.screenshots import CHROMIUM, CHROMIUM_ARGS, serve, wait_map
    from playwright.sync_api import sync_playwright

    a, b = two_indicators(dataset)
    out: dict = {}
    with serve(app) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        log: list = []
        page.on("requestfinished", lambda r: log.append(r))
        page.goto(base + "/")
        wait_map(page)
        time.sleep(0.5)
        out["first_load"] = _wire(log)
        out["first_load_external"] = [r.url for r in log if not r.url.startswith(base)]
        log.clear()
        page.evaluate("v => { window.__pdSwitch = performance.now(); }", None)
        page.locator("#pd-indicator").click()
        label = next(i.label("id") for i in dataset.indicators if i.kolom == b)
        page.locator(".Select-menu-outer, .dash-dropdown-options, [role=listbox]").get_by_text(
            label, exact=False).first.click()
        page.wait_for_function(f"() => window.location.hash.includes('{b}')")
        page.wait_for_selector(f"#pd-legend .pd-legend-title:text-is('{label}')",
                               timeout=10_000)
        time.sleep(0.5)
        out["switch"] = _wire(log)
        out["switch_geometry_requests"] = [r.url for r in log if "/_pd/geo/" in r.url]
        log.clear()
        row = page.locator(".pd-row").first
        kode = row.locator(".pd-row-code").inner_text()
        n = len(dataset.units(route(dataset, f"/kec/{kode}").view))
        t0 = time.perf_counter()
        row.click()
        page.wait_for_url("**/kec/**")
        wait_map(page, timeout=15_000, shapes=n, settle=0)
        out["drill_wall_ms"] = (time.perf_counter() - t0) * 1000
        out["drill"] = _wire(log)
        browser.close()
    return out


def _wire(requests) -> dict:
    total = decoded = 0
    rows = []
    for r in requests:
        try:
            sizes = r.sizes()
        except Exception:  # request without a response
            continue
        enc = sizes.get("responseBodySize", 0) + sizes.get("responseHeadersSize", 0)
        total += enc
        resp = r.response()
        body = len(resp.body()) if resp is not None and r.method != "HEAD" else 0
        decoded += body
        rows.append((enc, body, r.method, r.url.split("?")[0][-70:]))
    rows.sort(reverse=True)
    return {"wire": total, "decoded": decoded, "n": len(rows), "top": rows[:8]}


# -------------------------------------------------------------------------------------------
# Jawa Tengah: synthetic counts over the real 8,563 desa
# -------------------------------------------------------------------------------------------

def fabricate(boundaries: Path, out: Path, *, seed: int = 0) -> Path:
    """A dataset directory following the build contract, with random counts (benchmark only).

    Geometry, codes, names and the kecamatan/kabupaten/provinsi roll-up come from ``layers``;
    only the household counts are invented.
    """
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    from layers.boundaries import read_boundaries
    from layers.indicators import CATALOGUE, COUNTS, REGISTER_LABEL, meta_entry, unavailable_reason
    from layers.indicators.aggregate import add_rates
    from tools.handmade import write_levels

    rng = np.random.default_rng(seed)
    desa = read_boundaries(boundaries).desa
    frame = desa.set_index("kode_desa")
    n = len(frame)
    kk = rng.poisson(300, n)
    f = pd.DataFrame(index=frame.index)
    f["kk_terdaftar"] = kk
    shares = rng.dirichlet([2, 3, 3, 3, 4], n)
    for d in range(4):
        f[f"kk_desil_{d + 1}"] = (kk * shares[:, d]).astype(int)
    f["kk_miskin_ekstrem"] = f["kk_desil_1"]
    f["kk_pkh"] = (kk * rng.uniform(0.1, 0.5, n)).astype(int)
    f["kk_bpnt"] = (kk * rng.uniform(0.2, 0.7, n)).astype(int)
    f["kk_desil_1_4_tanpa_bansos"] = (f[[f"kk_desil_{d}" for d in range(1, 5)]].sum(axis=1)
                                      * rng.uniform(0, 0.2, n)).astype(int)
    f["kk_inklusi"] = (kk * rng.uniform(0, 0.05, n)).astype(int)
    for name in COUNTS:  # what this synthetic register does not provide stays empty
        if name not in f:
            f[name] = pd.NA
    f = f.astype("Int64")
    f["alasan_kosong"] = pd.Series(pd.NA, index=f.index, dtype="string")
    f = add_rates(f.join(frame[["luas_km2"]])).drop(columns="luas_km2")
    f = f[[i.nama for i in CATALOGUE] + ["alasan_kosong"]]
    full = gpd.GeoDataFrame(frame.join(f).reset_index(), geometry="geometry", crs=4326)
    write_levels(full, desa, out)
    pd.DataFrame(columns=["register", "kode_desa", "dusun", "rw", "kk_terdaftar"]).to_parquet(
        out / "subdesa.parquet", index=False)
    inds = []
    for ind in CATALOGUE:
        reason = unavailable_reason(ind, "p3ke")
        inds.append(meta_entry(ind, register="p3ke", reason=reason))
    meta = {"versi": "bench", "periode": None,
            "wilayah": {"kode": "33", "nama": "Jawa Tengah", "tingkat": "provinsi"},
            "registers": [{"register": "p3ke", "layout": "p3ke",
                           "label_id": REGISTER_LABEL["p3ke"][0],
                           "label_en": REGISTER_LABEL["p3ke"][1], "files": [],
                           "kecamatan_tanpa_data": []}],
            "indikator": inds, "alasan_kosong": {}}
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return out


def naive_geojson_bytes(data_dir: Path, column: str) -> int:
    """Bytes of the full desa GeoJSON (geometry + name + one value) a naive map resends."""
    import geopandas as gpd

    desa = gpd.read_parquet(data_dir / "desa.parquet",
                            columns=["kode_desa", "nama_desa", column, "geometry"])
    return len(desa.to_json(drop_id=True).encode())


def jateng_figures(shared: Path) -> dict:
    from dashboard import create_app
    from dashboard.settings import DashboardSettings

    with tempfile.TemporaryDirectory(prefix="pd-bench-") as tmp:
        t0 = time.perf_counter()
        data = fabricate(shared / "desa_jateng_full.parquet", Path(tmp) / "jateng")
        t_fab = time.perf_counter() - t0
        t0 = time.perf_counter()
        app = create_app(DashboardSettings(data_dir=data))
        t_load = time.perf_counter() - t0
        dataset = app.server.config["PD_DATASET"]
        n_desa = len(dataset.frames["desa"])
        fig = server_figures(app, dataset, "/prov/33/desa")
        _, b = two_indicators(dataset)
        naive = naive_geojson_bytes(data, b)
        geo = len(dataset.geobuf("desa", "33"))
    fig.update(n_desa=n_desa, naive=naive, geobuf_all_desa=geo, fabricate_s=t_fab,
               startup_s=t_load, ratio=naive / fig["switch_raw"],
               ratio_20mb=20e6 / fig["switch_raw"])
    return fig


# -------------------------------------------------------------------------------------------
# report
# -------------------------------------------------------------------------------------------

def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def verdict(ok: bool) -> str:
    return "OK " if ok else "MISS"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--demo", default=str(REPO / "data" / "demo"))
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--no-jateng", action="store_true")
    args = ap.parse_args(argv)

    from dashboard import create_app
    from dashboard.model import route
    from dashboard.settings import DashboardSettings

    app = create_app(DashboardSettings(data_dir=Path(args.demo)))
    dataset = app.server.config["PD_DATASET"]
    root = route(dataset, "/").view
    kec = dataset.frames["kecamatan"].index[0]
    print(f"== demo: {args.demo} ({len(dataset.frames['desa'])} desa, root {root.level} "
          f"{root.kode}, drawn in {root.unit})")

    if not args.no_browser:
        bf = browser_figures(app, dataset)
        fl = bf["first_load"]
        print(f"[{verdict(fl['wire'] <= TARGETS['first_load_kb'] * 1024)}] first load: "
              f"{kb(fl['wire'])} on the wire ({kb(fl['decoded'])} decoded, {fl['n']} requests; "
              f"target <= {TARGETS['first_load_kb']} KB); external requests: "
              f"{len(bf['first_load_external'])}")
        for enc, dec, method, url in fl["top"]:
            print(f"        {kb(enc):>10} ({kb(dec):>10})  {method} {url}")
        sw = bf["switch"]
        print(f"[{verdict(sw['wire'] <= TARGETS['switch_kb'] * 1024)}] indicator switch in the "
              f"browser: {kb(sw['wire'])} on the wire ({kb(sw['decoded'])} decoded, "
              f"{sw['n']} requests), geometry requests: {len(bf['switch_geometry_requests'])}")
        for enc, dec, method, url in sw["top"]:
            print(f"        {kb(enc):>10} ({kb(dec):>10})  {method} {url}")
        dr = bf["drill"]
        print(f"        drill into a kecamatan in the browser: {kb(dr['wire'])} on the wire, "
              f"click to every shape painted {bf['drill_wall_ms']:,.0f} ms (Playwright polling "
              f"included; the 0.6 s fly-to animation runs alongside)")

    sf = server_figures(app, dataset, "/")
    print(f"[{verdict(sf['switch_gzip'] <= TARGETS['switch_kb'] * 1024)}] indicator switch, "
          f"server: {kb(sf['switch_raw'])} raw / {kb(sf['switch_gzip'])} gzip (target <= "
          f"{TARGETS['switch_kb']} KB); coordinates in response: {sf['switch_has_coordinates']}")
    print(f"[{verdict(sf['switch_ms'] <= TARGETS['switch_ms'])}] indicator switch, server "
          f"time: {sf['switch_ms']:.1f} ms (style + table callbacks, median; target <= "
          f"{TARGETS['switch_ms']} ms)")
    for name, (raw, gz, ms) in sf["switch_parts"].items():
        print(f"        {name:<26} {kb(raw):>10} raw {kb(gz):>10} gzip {ms:7.1f} ms")
    df = drill_figures(app, dataset, f"/kec/{kec}")
    print(f"[{verdict(df['ms'] <= TARGETS['drill_ms'])}] drill into kecamatan {kec}: "
          f"{df['ms']:.1f} ms server time over {len(df['parts'])} requests, "
          f"{kb(df['gzip'])} gzip (target <= {TARGETS['drill_ms']} ms)")
    for name, (raw, gz, ms) in df["parts"].items():
        print(f"        {name:<26} {kb(raw):>10} raw {kb(gz):>10} gzip {ms:7.1f} ms")

    if not args.no_jateng:
        if not (SHARED / "desa_jateng_full.parquet").exists():
            print("== Jawa Tengah: skipped (../shared/data/desa_jateng_full.parquet not found)")
            return 0
        jf = jateng_figures(SHARED)
        print(f"== Jawa Tengah: {jf['n_desa']:,} desa drawn at once ({jf['view']}); "
              f"startup {jf['startup_s']:.1f} s (geometry of every view encoded once)")
        print(f"        geometry of all desa (geobuf, sent once, cached): "
              f"{kb(jf['geobuf_all_desa'])}")
        print(f"        naive full GeoJSON resent per switch: {jf['naive'] / 1e6:,.1f} MB")
        print(f"[{verdict(jf['ratio'] >= TARGETS['jateng_ratio'])}] indicator switch: "
              f"{kb(jf['switch_raw'])} raw / {kb(jf['switch_gzip'])} gzip = 1/{jf['ratio']:,.0f} "
              f"of the naive GeoJSON (1/{jf['ratio_20mb']:,.0f} of 20 MB; target >= 1/"
              f"{TARGETS['jateng_ratio']}); server {jf['switch_ms']:.0f} ms; coordinates in "
              f"response: {jf['switch_has_coordinates']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
