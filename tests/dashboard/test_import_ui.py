"""The import page: builders over check reports, the service (uploads, builds in a thread,
publish and swap), the page's callbacks over HTTP, and a server killed in the middle of a build.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from dash import html
from shapely.geometry import box

from dashboard.model.impor import (ImportDisabled, ImportService, Jobs, PendingFile,
                                   PendingUploads, choices_from, open_store, summary,
                                   valid_period)
from dashboard.pages.impor.check import REGISTER_ROWS, check_panel
from dashboard.pages.impor.common import bilingual, size_text, value_text
from dashboard.pages.impor.review import review_card, review_panel
from dashboard.pages.impor.uploads import build_hint, file_table, progress_view
from dashboard.pages.impor.versions import note_view, versions_table
from dashboard.settings import DEFAULT_STORE, DashboardSettings, for_app, from_env
from layers.errors import InputError
from layers.store import DatasetStore

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "data" / "demo"
DEMO_INPUT = DEMO / "input"


# -------------------------------------------------------------------------------------------
# helpers
# -------------------------------------------------------------------------------------------

def texts(component) -> list[str]:
    """Every string inside a Dash component tree, in document order."""
    out: list[str] = []

    def walk(c):
        if c is None:
            return
        if isinstance(c, (str, int, float)):
            out.append(str(c))
            return
        if isinstance(c, (list, tuple)):
            for x in c:
                walk(x)
            return
        for prop in ("children", "label"):
            walk(getattr(c, prop, None))
        for opt in getattr(c, "options", None) or []:
            if isinstance(opt, dict):
                walk(opt.get("label"))
    walk(component)
    return out


def text(component) -> str:
    return " | ".join(texts(component))


def find(component, pred) -> list:
    """Components under ``component`` for which ``pred`` is true."""
    out = []

    def walk(c):
        if isinstance(c, (list, tuple)):
            for x in c:
                walk(x)
            return
        if c is None or isinstance(c, (str, int, float)):
            return
        if pred(c):
            out.append(c)
        walk(getattr(c, "children", None))
    walk(component)
    return out


def data_url(content: bytes, mime: str = "application/octet-stream") -> str:
    return f"data:{mime};base64,{base64.b64encode(content).decode()}"


# tiny hand-made inputs: four desa in two kecamatan; 'KALANGIN' (2 households) to review
SIKS_HEADER = ("IDDTKS,PROVINSI,KABUPATEN_KOTA,KECAMATAN,DESA_KELURAHAN,ALAMAT,DUSUN,RT,RW,"
               "NOMOR_KK,NOMOR_NIK,NAMA,TANGGAL_LAHIR,TEMPAT_LAHIR,JENIS_KELAMIN,PEKERJAAN,"
               "NAMA_IBU_KANDUNG,HUBUNGAN_KELUARGA,KETERANGAN_PADAN,BANSOS_BPNT,BANSOS_PKH,"
               "BANSOS_BPNT_PPKM,PBI_JKN")
TINY_HOUSEHOLDS = [("9901010000000001", "KALANGAN", "ALPHA", 2),
                   ("9901010000000002", "KALIWANGI", "ALPHA", 1),
                   ("9901010000000003", "KALANGIN", "ALPHA", 3),
                   ("9901010000000004", "KALANGIN", "ALPHA", 1),
                   ("9901020000000005", "SUKAMAJU", "BETA", 2)]


def tiny_geojson() -> bytes:
    rows = [("99.01.01.2001", "Kalangan", "Alpha", 0, 0),
            ("99.01.01.2002", "Kaliwangi", "Alpha", 1, 0),
            ("99.01.02.2001", "Sukamaju", "Beta", 0, 1),
            ("99.01.02.2002", "Sukadamai", "Beta", 1, 1)]
    gdf = gpd.GeoDataFrame(
        {"KDEPUM": [r[0] for r in rows], "WADMKD": [r[1] for r in rows],
         "WADMKC": [r[2] for r in rows], "WADMKK": ["Kabupaten Uji"] * 4,
         "WADMPR": ["Contoh"] * 4},
        geometry=[box(111 + 0.02 * r[3], -7.1 + 0.02 * r[4], 111.02 + 0.02 * r[3],
                      -7.08 + 0.02 * r[4]) for r in rows], crs="EPSG:4326")
    return gdf.to_json().encode("utf-8")


def tiny_siks() -> bytes:
    lines, person = [SIKS_HEADER], 0
    for kk, desa, kec, n in TINY_HOUSEHOLDS:
        for i in range(n):
            lines.append(",".join([
                f"99{person:014d}", "CONTOH", "KABUPATEN UJI", kec, desa, "JL MAWAR 7", "KRAJAN",
                "001", "002", kk, f"99010{person:011d}", "WARGA SINTETIS", "12-03-1980",
                "SEMARANG", "PEREMPUAN", "PETANI", "IBU SINTETIS",
                "KEPALA KELUARGA" if i == 0 else "ANAK", "PADAN", "YA" if i == 0 else "-", "-",
                "-", "YA"]))
            person += 1
    return ("\n".join(lines) + "\n").encode("utf-8")


class _Live:
    """A ServedDataset stand-in that records swaps."""

    def __init__(self):
        self.swapped = []
        self.meta = {"wilayah": {"nama": "Kabupaten Contoh"}, "periode": "2026-10"}

    def swap(self, store):
        self.swapped.append(store)
        self.meta = store.meta


@pytest.fixture
def service(tmp_path) -> ImportService:
    datasets = open_store(tmp_path / "store", seed=DEMO)
    return ImportService(datasets, _Live(), DashboardSettings(store_dir=tmp_path / "store"))


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


# -------------------------------------------------------------------------------------------
# formatters and small builders
# -------------------------------------------------------------------------------------------

def test_sizes_values_and_periods_are_formatted_for_the_language():
    assert [size_text(n, "id") for n in (0, 9192, 280989, 3_400_000, 200 * 1024 * 1024)] == [
        "0 KB", "9 KB", "274 KB", "3,2 MB", "200 MB"]
    assert size_text(3_400_000, "en") == "3.2 MB" and size_text(None, "id") == "–"
    assert value_text(0.9948, "share", "id") == "99,5%"
    assert value_text(1.0, "share", "en") == "100.0%"
    assert value_text(16824, "count", "id") == "16.824"
    assert value_text(None, "count", "id") == "–"
    assert [valid_period(p) for p in ("2026-11", " 2026-01 ", "2026-13", "26-11", "", None)] == [
        "2026-11", "2026-01", None, None, None, None]


def test_a_bilingual_message_shows_the_chosen_language_first():
    msg = "berkas a.csv: Berkas kosong.\nfile a.csv: The file is empty."
    assert texts(bilingual(msg, "id")) == ["berkas a.csv: Berkas kosong.",
                                            "file a.csv: The file is empty."]
    assert texts(bilingual(msg, "en")) == ["file a.csv: The file is empty.",
                                            "berkas a.csv: Berkas kosong."]
    assert texts(bilingual("one line", "en")) == ["one line"]


def test_the_build_hint_names_what_is_missing_first():
    def s(**kw):
        return {"boundary": True, "households": 2, "refused": 0, "bytes": 10, "too_big": False,
                **kw}
    hint = lambda x, ok=True: build_hint(x, ok, lang="id", max_bytes=100)  # noqa: E731
    assert hint(s(boundary=False, households=0)) == "Unggah berkas batas desa."
    assert hint(s(households=0)) == "Unggah minimal satu berkas rumah tangga."
    assert hint(s(refused=1)) == "Hapus berkas yang ditolak (atau unggah penggantinya)."
    assert hint(s(too_big=True, bytes=2 * 1024 * 1024)) == (
        "Unggahan terlalu besar bersama-sama: 2,0 MB, batas 1 KB.")
    assert hint(s(), ok=False) == "Isi periode data, mis. 2026-11."
    assert hint(s()) == ""


def test_progress_shows_the_step_its_label_and_a_failure_in_both_languages():
    running = {"kind": "bangun", "state": "running", "step": 3, "total": 6, "key": "bangun",
               "seconds": 1.24, "galat": None}
    view = progress_view(running, lang="id")
    assert "".join(texts(view)) == (
        "Sedang membangun: langkah 3 dari 6, Membangun dataset · 1,2 detik"
        "Halaman dan peta tetap bisa dipakai selama pembangunan berjalan.")
    [bar] = find(view, lambda c: isinstance(c, html.Progress))
    assert (bar.value, bar.max) == ("3", "6")
    done = progress_view({**running, "state": "done", "step": 6, "key": "selesai"}, lang="en")
    assert "".join(texts(done)) == "Done in 1.2 s."
    failed = progress_view({**running, "state": "failed",
                              "galat": "Periode wajib.\nThe period is required."}, lang="en")
    assert texts(failed) == ["The build failed; the dataset being served has not changed.",
                             "The period is required.", "Periode wajib."]
    assert progress_view(None, lang="id") == []


def test_the_file_table_shows_layouts_and_the_reason_a_file_was_refused():
    entries = [("f1", {"nama": "batas.geojson", "peran": "batas", "bytes": 280989,
                       "jenis": "geojson"}),
               ("f2", {"nama": "DTKS_A.csv", "peran": "rumah_tangga", "bytes": 9192,
                       "jenis": "csv", "layout": "siks", "register": "dtks",
                       "label_id": "DTKS (ekspor SIKS-NG)", "label_en": "DTKS (SIKS-NG export)"}),
               ("f3", {"nama": "foto.csv", "peran": "rumah_tangga", "bytes": 2056,
                       "galat": "berkas foto.csv: Jenis tidak dikenali.\n"
                                "file foto.csv: Type not recognised."})]
    table = file_table(entries, lang="en")
    rows = find(table, lambda c: isinstance(c, html.Tr)
                and getattr(c, "className", "").startswith("imp-file"))
    assert [texts(r) for r in rows] == [
        ["batas.geojson", "Boundaries", "274 KB", "GEOJSON", "–", "ready", "Remove"],
        ["DTKS_A.csv", "Households", "9 KB", "CSV", "DTKS (SIKS-NG export) (siks)", "ready",
         "Remove"],
        ["foto.csv", "Households", "2 KB", "–", "–", "refused", "Remove"],
        ["file foto.csv: Type not recognised.", "berkas foto.csv: Jenis tidak dikenali."]]
    assert [b.id for b in find(table, lambda c: isinstance(c, html.Button))] == [
        {"type": "imp-remove", "key": k} for k in ("f1", "f2", "f3")]
    built = file_table(entries[:2], lang="id", built=True)
    assert isinstance(built, html.Details)
    assert texts(built)[0] == "2 berkas dibangun; berkas unggahan sudah dihapus"
    assert not find(built, lambda c: isinstance(c, html.Button))
    assert texts(file_table([], lang="id")) == ["Belum ada berkas."]


REVIEW_ENTRY = {
    "kunci": "desa|990106|KALANGIN|", "tingkat": "desa", "induk_kode": "990106",
    "induk_nama": "Ngumbul", "input_nama": "KALANGIN", "input_kode": "", "metode": "unmatched",
    "skor": 87.5, "jumlah_baris": 8, "per_register": {"dtks": 8},
    "kandidat": [{"kode": "9901062005", "nama": "Kalangan", "skor": 87.5},
                 {"kode": "9901062006", "nama": "Kaliwangi", "skor": 82.4}],
    "catatan": [], "dapat_dipetakan": True}


def test_a_name_to_review_offers_its_candidates_and_not_in_this_area():
    card = review_card(REVIEW_ENTRY, lang="id")
    [radios] = find(card, lambda c: c.__class__.__name__ == "RadioItems")
    assert radios.id == {"type": "imp-choice", "kunci": "desa|990106|KALANGIN|"}
    assert radios.options == [
        {"label": "Kalangan (9901062005), skor 87,5", "value": "9901062005"},
        {"label": "Kaliwangi (9901062006), skor 82,4", "value": "9901062006"},
        {"label": "Bukan di wilayah ini", "value": "-"}]
    assert radios.value is None
    assert texts(card)[:4] == ["KALANGIN", " desa/kelurahan · di Kecamatan Ngumbul (990106)",
                               "8 KK", " (DTKS 8)"]
    fixed = review_card({**REVIEW_ENTRY, "input_nama": "", "input_kode": "99010",
                           "dapat_dipetakan": False, "catatan": ["kode tidak valid"]},
                          lang="en")
    assert not find(fixed, lambda c: c.__class__.__name__ == "RadioItems")
    assert "kode tidak valid" in texts(fixed)


def test_choices_become_mapping_decisions_and_unchosen_names_are_skipped():
    other = {**REVIEW_ENTRY, "kunci": "desa|990104|TEGAL|", "induk_kode": "990104",
             "input_nama": "TEGAL"}
    third = {**REVIEW_ENTRY, "kunci": "desa|990109|SUMBRSRI K|", "induk_kode": "990109",
             "input_nama": "SUMBRSRI K"}
    ids_ = [{"type": "imp-choice", "kunci": e["kunci"]} for e in (REVIEW_ENTRY, other, third)]
    got = choices_from(["9901062005", "-", None], ids_, [REVIEW_ENTRY, other, third])
    assert got == [("desa", "990106", "KALANGIN", "9901062005"),
                   ("desa", "990104", "TEGAL", None)]
    assert choices_from([None, None, None], ids_, [REVIEW_ENTRY, other, third]) == []


def test_the_versions_table_marks_the_served_one_and_offers_switch_and_delete():
    versions = [
        {"id": "2026-11", "periode": "2026-11", "wilayah": {"nama": "Kabupaten Contoh"},
         "dibuat": "2026-11-25T10:59:01Z", "sumber": "import", "current": True,
         "registers": [{"register": "dtks", "label_id": "DTKS (ekspor SIKS-NG)",
                        "label_en": "DTKS (SIKS-NG export)", "kept": 5399,
                        "match_rate": 0.9963}]},
        {"id": "2026-10", "periode": "2026-10", "wilayah": {"nama": "Kabupaten Contoh"},
         "dibuat": "2026-11-25T10:58:00Z", "sumber": "demo", "current": False,
         "registers": [{"register": "dtks", "kept": 5399, "match_rate": 1.0}]}]
    table = versions_table(versions, lang="id")
    rows = find(table, lambda c: isinstance(c, html.Tr)
                and "imp-version" in getattr(c, "className", ""))
    assert texts(rows[0]) == ["2026-11", "2026-11", "Kabupaten Contoh", "2026-11-25 17:59 WIB",
                              "impor", "DTKS (ekspor SIKS-NG): 5.399", "99,6%", "ditayangkan"]
    assert texts(rows[1])[:7] == ["2026-10", "2026-10", "Kabupaten Contoh",
                                  "2026-11-25 17:58 WIB", "demo", "DTKS (ekspor SIKS-NG): 5.399",
                                  "100,0%"]
    assert [b.id for b in find(rows[1], lambda c: isinstance(c, html.Button)
                                     and getattr(c, "id", None))] == [
        {"type": "imp-switch", "version": "2026-10"}]
    [confirm] = find(rows[1], lambda c: c.__class__.__name__ == "ConfirmDialogProvider")
    assert confirm.id == {"type": "imp-delete", "version": "2026-10"}
    assert confirm.message == "Hapus versi 2026-10? Ini tidak dapat dibatalkan."
    assert not find(rows[0], lambda c: isinstance(c, html.Button))
    assert texts(versions_table([], lang="en")) == ["No version yet."]


def test_notes_are_drawn_in_the_language_chosen_now():
    info = {"key": "import.published", "version": "2026-11"}
    assert texts(note_view(info, lang="id")) == ["Versi 2026-11 kini ditayangkan.", " ",
                                                  "Buka peta"]
    assert texts(note_view(info, lang="en"))[0] == "Version 2026-11 is now being served."
    [link] = find(note_view(info, lang="en"), lambda c: isinstance(c, html.A))
    assert link.href == "/#l=en"
    assert texts(note_view({"key": "import.discarded"}, lang="en")) == [
        "Import discarded; the dataset being served has not changed."]
    assert texts(note_view({"galat": "Sibuk.\nBusy."}, lang="en")) == ["Busy.", "Sibuk."]
    assert note_view(None, lang="id") == []


def test_every_locale_key_built_at_run_time_exists():
    from dashboard.i18n import labels

    keys = {f"import.role.{r}" for r in ("batas", "rumah_tangga")}
    keys |= {f"import.review.method.{m}" for m in ("unmatched", "ambiguous")}
    keys |= {f"import.source.{s}" for s in ("import", "demo")}
    keys |= {label for _, label, _ in REGISTER_ROWS}
    for lang in ("id", "en"):
        assert sorted(k for k in keys if k not in labels(lang)) == []


# -------------------------------------------------------------------------------------------
# uploads in memory, jobs in threads
# -------------------------------------------------------------------------------------------

def _pf(role, name, content=b"x"):
    from layers.store import Upload

    return PendingFile(key="", role=role, entry={"nama": name, "peran": role},
                       upload=Upload(name, content),
                       digest=hashlib.sha256(content).hexdigest())


def test_pending_uploads_replace_the_boundary_skip_repeats_and_expire():
    up = PendingUploads(ttl=60)
    up.add("t", [_pf("batas", "a.geojson"), _pf("rumah_tangga", "h1.csv", b"1")])
    up.add("t", [_pf("batas", "b.geojson"), _pf("rumah_tangga", "h1.csv", b"1"),
                 _pf("rumah_tangga", "h2.csv", b"2")])
    files = up.files("t")
    assert [(f.key, f.entry["nama"]) for f in files] == [
        ("f3", "b.geojson"), ("f2", "h1.csv"), ("f5", "h2.csv")]
    assert summary(files, max_bytes=2) == {"boundary": True, "households": 2, "refused": 0,
                                           "bytes": 3, "too_big": True}
    assert up.remove("t", "f2") and not up.remove("t", "f2")
    assert [f.entry["nama"] for f in up.take("t")] == ["b.geojson", "h2.csv"]
    assert up.files("t") == [] and up.tokens() == []
    up.add("old", [_pf("batas", "a.geojson")])
    up.ttl = 0
    assert up.files("old") == [] and up.tokens() == []


def test_a_job_reports_progress_and_a_refusal_in_both_languages():
    jobs = Jobs()

    def work(progress):
        progress(1, 3, "bangun")
        raise InputError("Periode wajib.", "The period is required.")

    assert jobs.start("t", "bangun", work)
    state = jobs.wait("t")
    assert (state["state"], state["step"], state["total"], state["key"]) == (
        "failed", 1, 3, "bangun")
    assert state["galat"] == "Periode wajib.\nThe period is required."

    def bug(progress):
        raise KeyError("NOMOR_NIK 9901010000000001")

    jobs.start("u", "bangun", bug)
    assert jobs.wait("u")["galat"] == (
        "Kesalahan internal (KeyError); dataset yang tayang tidak berubah.\n"
        "Internal error (KeyError); the dataset being served has not changed.")
    gate = []
    jobs.start("v", "bangun", lambda progress: gate.append(time.sleep(0.3)))
    assert jobs.running("v") and not jobs.start("v", "bangun", lambda p: None)
    assert jobs.wait("v")["state"] == "done"


# -------------------------------------------------------------------------------------------
# settings: a store by default for app.py, read-only with --data
# -------------------------------------------------------------------------------------------

def test_app_settings_use_the_store_unless_a_dataset_is_given(monkeypatch, tmp_path):
    for var in ("PRIORITAS_DATA", "PRIORITAS_STORE"):
        monkeypatch.delenv(var, raising=False)
    assert for_app().store_dir == DEFAULT_STORE
    assert DEFAULT_STORE.name == "var" and DEFAULT_STORE.parent == REPO
    assert for_app(data_dir=str(tmp_path)).store_dir is None
    assert for_app(store_dir=str(tmp_path)).store_dir == tmp_path
    assert from_env().store_dir is None                  # library default: no store
    monkeypatch.setenv("PRIORITAS_STORE", str(tmp_path / "s"))
    assert for_app().store_dir == tmp_path / "s"
    monkeypatch.setenv("PRIORITAS_DATA", str(tmp_path / "d"))
    s = for_app()
    assert (s.store_dir, s.data_dir) == (None, tmp_path / "d")
    assert DashboardSettings().max_upload_bytes == 200 * 1024 * 1024


def test_var_is_ignored_by_git():
    assert "var/" in (REPO / ".gitignore").read_text().split()


def test_app_py_refuses_both_a_store_and_a_dataset(tmp_path):
    out = subprocess.run([sys.executable, str(REPO / "app.py"), "--data", str(tmp_path),
                          "--store", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "not allowed with argument" in out.stderr


# -------------------------------------------------------------------------------------------
# the page over HTTP (what the browser posts)
# -------------------------------------------------------------------------------------------

class Page:
    """Posts callback requests as the page does, from the app's ``_dash-dependencies``."""

    def __init__(self, get_json, post_json, prefix: str = "/impor/"):
        self.get, self.post, self.prefix = get_json, post_json, prefix
        self.deps = get_json(prefix + "_dash-dependencies")
        self.layout = get_json(prefix + "_dash-layout")
        self.client = _prop(self.layout, "imp-client", "data")
        self.values: dict = {"imp-client.data": self.client, "imp-lang.value": "id"}

    def call(self, trigger: str, **changed) -> dict | None:
        """Fire the callback with input ``trigger`` (``"<id>.<prop>"``, or ``"<type>.<prop>"``
        for pattern ids) after setting ``changed`` values; returns ``{id: {prop: value}}``."""
        self.values.update({k.replace("__", "."): v for k, v in changed.items()})
        spec = next(d for d in self.deps if any(_key(i) == trigger for i in d["inputs"])
                    and not d.get("clientside_function"))
        body = {"output": spec["output"], "outputs": _outputs(spec["output"]),
                "inputs": [self._fill(i) for i in spec["inputs"]],
                "state": [self._fill(s) for s in spec.get("state", [])]}
        wild = [i for i in spec["inputs"] if _key(i) == trigger and "{" in i["id"]]
        if wild:
            body["changedPropIds"] = [
                json.dumps(x["id"], separators=(",", ":"), sort_keys=True) + "." + x["property"]
                for x in self._fill(wild[0]) if x.get("value")]
        else:
            body["changedPropIds"] = [trigger]
        if isinstance(body["outputs"], list) and len(body["outputs"]) == 1:
            body["outputs"] = body["outputs"][0]
        resp = self.post(self.prefix + "_dash-update-component", body)
        if resp is None:
            return None
        out = resp["response"]
        for id_, props in out.items():
            for prop, value in props.items():
                self.values[f"{id_}.{prop.split('@')[0]}"] = value
        return out

    def _fill(self, item):
        key = _key(item)
        if "{" in item["id"]:                           # pattern id: a list of matches
            return [{"id": i, "property": item["property"], "value": v}
                    for i, v in self.values.get(key, [])]
        return {"id": item["id"], "property": item["property"], "value": self.values.get(key)}


def _key(item) -> str:
    if item["id"].startswith("{"):
        return json.loads(item["id"])["type"] + "." + item["property"]
    return item["id"] + "." + item["property"]


def _outputs(key: str):
    out = []
    for part in key.strip(".").split("..."):
        ident, prop = part.rsplit(".", 1)
        out.append({"id": json.loads(ident) if ident.startswith("{") else ident,
                    "property": prop})
    return out


def _prop(tree, ident: str, prop: str):
    if isinstance(tree, dict):
        props = tree.get("props") or {}
        if props.get("id") == ident:
            return props.get(prop)
        for v in list(props.values()) + list(tree.values()):
            found = _prop(v, ident, prop)
            if found is not None:
                return found
    elif isinstance(tree, list):
        for v in tree:
            found = _prop(v, ident, prop)
            if found is not None:
                return found
    return None


def _flask_page(app) -> Page:
    c = app.server.test_client()

    def post(url, body):
        r = c.post(url, json=body)
        if r.status_code == 204:
            return None
        assert r.status_code == 200, r.get_data(as_text=True)[:500]
        return r.get_json()
    return Page(lambda url: c.get(url).get_json(), post)


def _strings(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def test_a_read_only_app_explains_that_import_is_disabled(tiny_app):
    c = tiny_app.server.test_client()
    assert c.get("/impor").status_code == 308 and c.get("/impor").headers["Location"].endswith(
        "/impor/")
    assert c.get("/impor/").status_code == 200
    layout = _strings(c.get("/impor/_dash-layout").get_json())
    assert "Impor dinonaktifkan" in layout and "imp-boundary-upload" not in layout
    main = _strings(c.get("/_dash-layout").get_json())
    assert '"pd-import-link"' in main and '"href": "/impor/"' in main
    assert "Impor data" in main
    service = tiny_app.server.config["PD_IMPORT"]
    assert not service.enabled
    with pytest.raises(ImportDisabled):
        service.publish("0123456789abcdef")


def test_tiny_import_through_the_page_callbacks(tmp_path, monkeypatch, caplog):
    import logging

    from dashboard import create_app

    caplog.set_level(logging.DEBUG)

    systmp = tmp_path / "systmp"
    systmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(systmp))
    root = tmp_path / "store"
    app = create_app(DashboardSettings(store_dir=root))
    live = app.server.config["PD_DATASET"]
    service = app.server.config["PD_IMPORT"]
    assert DatasetStore(root).current() == "2026-10" and live.meta["periode"] == "2026-10"
    page = _flask_page(app)
    siks = tiny_siks()
    c = app.server.test_client()

    def shapes():                                 # the shapes of every desa, as the map gets them
        import gzip

        import geobuf

        r = c.get("/_pd/geo/desa/0.pbf", headers={"Accept-Encoding": "gzip"})
        data = gzip.decompress(r.data) if r.headers.get("Content-Encoding") else r.data
        return [f["properties"]["n"] for f in geobuf.decode(data)["features"]]
    assert len(shapes()) == 250

    page.call("imp-boundary-upload.contents",
              **{"imp-boundary-upload__contents": data_url(tiny_geojson()),
                 "imp-boundary-upload__filename": "batas_uji.geojson"})
    out = page.call("imp-households-upload.contents",
                    **{"imp-households-upload__contents": [data_url(siks, "text/csv"),
                                                           data_url(b"\x89PNG\r\n\x1a\n" * 40)],
                       "imp-households-upload__filename": ["DTKS_UJI.csv", "foto.csv"]})
    assert out["imp-households-upload"]["contents"] is None       # the browser drops them
    files = page.call("imp-files-stamp.data")
    rows = _strings(files["imp-files"]["children"])
    assert "batas_uji.geojson" in rows and "DTKS (ekspor SIKS-NG) (siks)" in rows
    assert "Jenis berkas rumah tangga tidak dikenali dari isinya" in rows
    assert files["imp-build"]["disabled"] is True
    assert files["imp-build-hint"]["children"] == (
        "Hapus berkas yang ditolak (atau unggah penggantinya).")
    [refused] = [f for f in service.files(service.token(page.client)) if f.upload is None]
    page.values["imp-remove.n_clicks"] = [({"type": "imp-remove", "key": refused.key}, 1)]
    page.call("imp-remove.n_clicks")
    files = page.call("imp-files-stamp.data", **{"imp-period__value": "2026-11"})
    assert files["imp-build"]["disabled"] is False and "foto.csv" not in _strings(files)

    started = page.call("imp-build.n_clicks", **{"imp-build__n_clicks": 1})
    assert started["imp-poll"]["disabled"] is False
    token = service.token(page.client)
    assert service.jobs.wait(token)["state"] == "done"
    polled = page.call("imp-poll.n_intervals", **{"imp-poll__n_intervals": 1})
    assert polled["imp-poll"]["disabled"] is True
    assert "Selesai dalam" in _strings(polled["imp-progress"]["children"])
    report = page.call("imp-report-stamp.data")
    check = _strings(report["imp-check"]["children"])
    assert "Kabupaten Uji" in check and "periode data 2026-11" in check
    assert report["imp-publish-section"]["style"] == {"display": "block"}
    review = _strings(report["imp-review"]["children"])
    assert "Kalangan (9901012001), skor 87,5" in review and "Bukan di wilayah ini" in review

    # the raw household upload is nowhere on disk: not in the store, not in the temp folder
    sha = hashlib.sha256(siks).hexdigest()
    for path in _files(root) + _files(systmp):
        assert hashlib.sha256(path.read_bytes()).hexdigest() != sha, path
        assert path.name != "DTKS_UJI.csv", path
    assert service.files(token) == []

    choice = {"type": "imp-choice", "kunci": "desa|990101|KALANGIN|"}
    page.values["imp-choice.value"] = [(choice, "9901012001")]
    page.values["imp-choice.id"] = [(choice, choice)]
    page.call("imp-resolve.n_clicks", **{"imp-resolve__n_clicks": 1})
    assert service.jobs.wait(token)["state"] == "done"
    assert (root / "mapping.csv").read_text(encoding="utf-8").splitlines() == [
        "tingkat,induk_kode,input_nama,kode", "desa,990101,KALANGIN,9901012001"]
    page.call("imp-poll.n_intervals", **{"imp-poll__n_intervals": 2})
    report = page.call("imp-report-stamp.data")
    assert "Semua nama wilayah cocok" in _strings(report["imp-review"]["children"])
    assert report["imp-resolve"]["disabled"] is True

    published = page.call("imp-publish.n_clicks", **{"imp-publish__n_clicks": 1})
    assert published["imp-publish-info"]["data"] == {"key": "import.published",
                                                      "version": "2026-11"}
    note = page.call("imp-publish-info.data")
    assert "Versi 2026-11 kini ditayangkan." in _strings(note)
    assert DatasetStore(root).current() == "2026-11"
    assert live.meta["periode"] == "2026-11"                    # the map serves it now
    assert shapes() == ["Kalangan", "Kaliwangi", "Sukamaju", "Sukadamai"]
    kk = live.current.frames["desa"]["kk_terdaftar"]           # one register: no prefix
    assert kk.loc["9901012001"] == 3 and kk.loc["9901022001"] == 1
    versions = page.call("imp-versions-stamp.data")
    assert versions["imp-area"]["children"] == "Kabupaten Uji · Periode data 2026-11"
    table = _strings(versions["imp-versions"]["children"])
    assert table.index("2026-11") < table.index("2026-10")      # newest first

    # switching back serves the demo again; the import can then be deleted
    page.values["imp-switch.n_clicks"] = [({"type": "imp-switch", "version": "2026-10"}, 1)]
    page.values["imp-delete.submit_n_clicks"] = [({"type": "imp-delete", "version": "2026-10"},
                                                  None)]
    page.call("imp-switch.n_clicks")
    note = page.call("imp-versions-info.data", **{"imp-lang__value": "en"})
    assert "Version 2026-10 is now being served." in _strings(note)
    assert DatasetStore(root).current() == "2026-10" and live.meta["periode"] == "2026-10"
    page.values["imp-switch.n_clicks"] = [({"type": "imp-switch", "version": "2026-11"}, None)]
    page.values["imp-delete.submit_n_clicks"] = [({"type": "imp-delete", "version": "2026-11"},
                                                  1)]
    page.call("imp-delete.submit_n_clicks")
    note = page.call("imp-versions-info.data", **{"imp-lang__value": "id"})
    assert _strings(note["imp-versions-note"]["children"]) == _strings(
        [{"props": {"children": "Versi 2026-11 dihapus."}, "type": "Span",
          "namespace": "dash_html_components"}])
    assert [v["id"] for v in DatasetStore(root).list_versions()] == ["2026-10"]
    assert list((root / "staging").iterdir()) == []
    # nothing personal was logged: no KK or NIK number, no name, no address
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "raw uploads removed (1 files)" in logged
    for value in ("9901010000000001", "99010000000000", "WARGA SINTETIS", "JL MAWAR",
                  "IBU SINTETIS", "12-03-1980"):
        assert value not in logged, value


def test_compressed_responses_are_kept_per_etag_so_a_new_dataset_is_never_stale():
    import gzip

    from flask import Flask, Response

    from dashboard.server import add_gzip

    server = Flask("t")
    version = {"v": "a"}

    @server.route("/_pd/geo/desa/0.pbf")
    def geo():
        resp = Response(version["v"].encode() * 5000, mimetype="application/x-protobuf")
        resp.set_etag(version["v"])
        return resp
    add_gzip(server)
    c = server.test_client()
    get = lambda: gzip.decompress(c.get("/_pd/geo/desa/0.pbf",  # noqa: E731
                                        headers={"Accept-Encoding": "gzip"}).data)
    assert get() == b"a" * 5000 and get() == b"a" * 5000
    version["v"] = "b"
    assert get() == b"b" * 5000


def test_the_served_version_cannot_be_deleted_and_a_bad_period_is_refused(service):
    with pytest.raises(InputError, match="sedang ditayangkan"):
        service.delete("2026-10")
    token = service.token("page-1", create=True)
    assert service.token("page-1", create=True) == token        # one import per page
    service.add_uploads(token, boundary=("b.geojson", data_url(tiny_geojson())),
                        households=[("h.csv", data_url(tiny_siks()))])
    with pytest.raises(InputError) as err:
        service.start_build(token, "11-2026")
    assert str(err.value).splitlines()[1] == (
        "column periode: The period must be YYYY-MM, e.g. 2026-11.")
    assert len(service.files(token)) == 2                      # kept for a second try
    service.discard(token)
    assert service.token("page-1") is None and service.files(token) == []
    assert list(service.datasets.staging_root.iterdir()) == []
    for call in (lambda: service.publish(None), lambda: service.start_rerun(None, [()]),
                 lambda: service.rejected_csv(None)):
        with pytest.raises(InputError, match="There is no import yet"):
            call()
    with pytest.raises(InputError, match="no longer exists"):
        service.publish(token)
    assert list(service.datasets.staging_root.iterdir()) == []  # no empty import was made


# -------------------------------------------------------------------------------------------
# the demo's raw files: the numbers on screen are the check report's
# -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_import(tmp_path_factory):
    """The demo's raw files uploaded (as data URLs) and built once in a fresh store."""
    root = tmp_path_factory.mktemp("impor") / "store"
    service = ImportService(open_store(root, seed=DEMO), _Live(),
                            DashboardSettings(store_dir=root))
    token = service.token("demo-page", create=True)
    households = [(p.name, data_url(p.read_bytes())) for d in ("dtks", "p3ke")
                  for p in sorted((DEMO_INPUT / d).iterdir())]
    service.add_uploads(token, boundary=(
        "batas_desa.geojson", data_url((DEMO_INPUT / "batas_desa.geojson").read_bytes())),
        households=households)
    files = service.files(token)
    service.start_build(token, "2026-11")
    assert service.jobs.wait(token)["state"] == "done"
    return {"service": service, "token": token, "report": service.report(token),
            "files": files}


@pytest.mark.slow
def test_demo_uploads_are_listed_with_their_detected_layouts(demo_import):
    table = file_table([(f.key, f.entry) for f in demo_import["files"]], lang="id")
    rows = [texts(r) for r in find(table, lambda c: isinstance(c, html.Tr)
                                   and getattr(c, "className", "") == "imp-file")]
    assert len(rows) == 16
    assert rows[0] == ["batas_desa.geojson", "Batas desa", "274 KB", "GEOJSON", "–", "siap",
                       "Hapus"]
    assert rows[1] == ["DTKS_DESA_SUKOMULYO_KEC_TEGALASRI.csv", "Rumah tangga", "9 KB", "CSV",
                       "DTKS (ekspor SIKS-NG) (siks)", "siap", "Hapus"]
    assert [r[4] for r in rows[1:]].count("DTKS (ekspor SIKS-NG) (siks)") == 13
    assert [r[4] for r in rows[14:]] == ["P3KE (p3ke)"] * 2
    assert {r[3] for r in rows[1:]} == {"CSV", "XLSX"}


@pytest.mark.slow
def test_demo_check_screen_shows_the_reports_numbers(demo_import):
    report = demo_import["report"]
    panel = check_panel(report, lang="id")
    [summary_table] = find(panel, lambda c: isinstance(c, html.Table)
                           and "imp-summary" in getattr(c, "className", ""))
    cells = {(c.to_plotly_json()["props"]["data-register"], c.to_plotly_json()["props"][
        "data-key"]): c.children for c in find(summary_table, lambda c: isinstance(c, html.Td))}
    assert {k: cells[("dtks", k)] for k, _, _ in REGISTER_ROWS} == {
        "rows_read": "16.824", "duplicates": "47", "rejected": "3", "kept": "5.399",
        "persons": "16.774", "match_rate": "99,5%", "households_unresolved": "28",
        "households_outside_area": "0", "names_to_review": "3"}
    assert {k: cells[("p3ke", k)] for k, _, _ in REGISTER_ROWS} == {
        "rows_read": "3.563", "duplicates": "4", "rejected": "0", "kept": "3.559",
        "persons": "–", "match_rate": "100,0%", "households_unresolved": "0",
        "households_outside_area": "0", "names_to_review": "0"}
    all_text = texts(panel)
    assert all_text[:3] == ["Kabupaten Contoh", " · ", "periode data 2026-11"]
    assert "Batas desa: batas_desa.geojson · 250 desa · layout big" in all_text
    assert "Sumberjati (990107)" in all_text                       # P3KE has no row there
    assert "Indikator yang tidak dapat dihitung (28)" in all_text
    assert "Tata letak P3KE tidak memuat data untuk indikator ini." in all_text
    [rejected] = find(panel, lambda c: isinstance(c, html.Table)
                      and "imp-rejected" in getattr(c, "className", ""))
    assert [texts(r) for r in find(rejected, lambda c: isinstance(c, html.Tr))][1:] == [
        ["DTKS_KEC_BANYUWANGI_KABUPATEN_CONTOH.csv", "401", "NOMOR_KK",
         "NOMOR_KK kosong / NOMOR_KK empty", "BANYUWANGI", "KEDUNGASRI"],
        ["DTKS_KEC_SUMBERJATI_KABUPATEN_CONTOH.csv", "2.105", "NOMOR_KK",
         "NOMOR_KK kosong / NOMOR_KK empty", "Sumberjati", "SUMBERREJO"],
        ["DTKS_KEC_WONOARUM_KABUPATEN_CONTOH.csv", "854", "NOMOR_KK",
         "NOMOR_KK kosong / NOMOR_KK empty", "WONOARUM", "Desa Ngampon"]]
    assert "Baris ditolak (3)" in all_text
    csv = demo_import["service"].rejected_csv(demo_import["token"]).decode("utf-8")
    assert csv.splitlines()[0] == "register,file,row,kolom,alasan,prov,kab,kec,desa,kode"
    assert len(csv.splitlines()) == 4


@pytest.mark.slow
def test_demo_review_list_shows_every_name_with_its_candidates(demo_import):
    panel = review_panel(demo_import["report"], lang="id")
    assert texts(panel)[0].startswith("3 nama belum cocok dengan berkas batas.")
    radios = find(panel, lambda c: c.__class__.__name__ == "RadioItems")
    assert [r.id["kunci"] for r in radios] == ["desa|990104|TEGAL|", "desa|990106|KALANGIN|",
                                               "desa|990109|SUMBRSRI K|"]
    truth = pd.read_csv(DEMO_INPUT / "mapping_benar.csv", dtype=str)
    right = truth.set_index("input_nama").loc["KALANGIN", "kode"]
    assert right == radios[1].options[0]["value"]
    assert [o["label"] for o in radios[1].options] == [
        "Kalangan (9901062005), skor 87,5", "Kaliwangi (9901062006), skor 82,4",
        "Bangunwangi (9901062001), skor 52,6", "Bukan di wilayah ini"]


# -------------------------------------------------------------------------------------------
# a server killed during a build
# -------------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _http_page(base: str) -> Page:
    def get(url):
        with urllib.request.urlopen(base + url, timeout=30) as r:
            return json.loads(r.read())

    def post(url, body):
        req = urllib.request.Request(base + url, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=120) as r:
            return None if r.status == 204 else json.loads(r.read())
    return Page(get, post)


def _start_server(root: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("PRIORITAS_DATA", None)
    proc = subprocess.Popen([sys.executable, str(REPO / "app.py"), "--store", str(root),
                             "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env, cwd=REPO)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                if r.status == 200:
                    return proc
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.3)
        if proc.poll() is not None:
            raise RuntimeError(f"app.py exited with {proc.returncode}")
    proc.kill()
    raise RuntimeError("app.py did not start")


@pytest.mark.slow
def test_killing_the_server_during_a_build_leaves_the_previous_dataset_serving(tmp_path):
    root = tmp_path / "store"
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = _start_server(root, port)
    try:
        assert DatasetStore(root).current() == "2026-10"
        before = (root / "current").read_bytes()
        page = _http_page(base)
        page.call("imp-boundary-upload.contents", **{
            "imp-boundary-upload__contents": data_url(
                (DEMO_INPUT / "batas_desa.geojson").read_bytes()),
            "imp-boundary-upload__filename": "batas_desa.geojson"})
        paths = [p for d in ("dtks", "p3ke") for p in sorted((DEMO_INPUT / d).iterdir())]
        page.call("imp-households-upload.contents", **{
            "imp-households-upload__contents": [data_url(p.read_bytes()) for p in paths],
            "imp-households-upload__filename": [p.name for p in paths]})
        page.call("imp-build.n_clicks", **{"imp-build__n_clicks": 1,
                                           "imp-period__value": "2026-11"})
        # wait until the build itself runs (raw files written, reader at work), then kill
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            out = page.call("imp-poll.n_intervals", **{"imp-poll__n_intervals": 1})
            if "Membangun dataset" in _strings(out["imp-progress"]["children"]):
                break
            time.sleep(0.1)
        else:
            pytest.fail("the build never reached its building step")
        raws = list((root / "staging").glob("*/.raw-*"))
        assert len(raws) == 1 and len(list(raws[0].iterdir())) == 15
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert (root / "current").read_bytes() == before            # nothing was published
    assert list((root / "staging").glob("*/.raw-*"))             # the kill left them behind

    proc = _start_server(root, port)                             # restart: recover() first
    try:
        store = DatasetStore(root)
        assert store.current() == "2026-10"
        assert [v["id"] for v in store.list_versions()] == ["2026-10"]
        assert list((root / "staging").iterdir()) == []          # the raw files are gone
        names = {p.name for p in paths}
        assert not [p for p in _files(root) if p.name in names]
        with urllib.request.urlopen(base + "/", timeout=10) as r:
            assert r.status == 200
        page = _http_page(base)
        assert _prop(page.layout, "imp-area", "children") == (
            "Kabupaten Contoh · Periode data 2026-10")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
