"""The ranking tab: state and URL weights, tiers on the map, lists, why, XLSX, callbacks.

Exact values come from ``layers.ranking`` itself (the dashboard must show the same ranking as
the command line), on the tiny dataset (hand-checked) and on the committed demo.
"""

import base64
import io
import json
from datetime import date

import pandas as pd
import pytest

from dashboard.components import ranking as rk
from dashboard.model import (RankState, controls_state, default_notes, empty_rank_hideout,
                             rank_defaults, rank_hideout, rank_legend, rank_panel, rank_rows,
                             rank_spec, ranking_file, ranking_filename, ranking_frame,
                             read_rank_state, reason_label, targeting, targeting_column,
                             unranked_groups, weight_rows, why)
from dashboard.views import View
from layers.errors import InputError
from layers.ranking import default_spec, format_weights, rank_desa
from layers.store.dataset import load_dataset
from tools.replay import call, page_state

KAB_DESA = View("kabupaten", "9901", "desa")
TINY_LABELS = {"kk_miskin_ekstrem": "KK miskin ekstrem"}
#: the demo's top three for the documented default weights in kabupaten 9901 (layers.ranking)
DEMO_TOP3 = [("9901112017", "Pucangasri", 93.01), ("9901082003", "Banyuluhur", 90.22),
             ("9901112014", "Pandanharjo", 86.82)]


def _texts(component) -> list[str]:
    """Every string inside a Dash component tree (what a reader sees)."""
    out = []

    def walk(node):
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, (list, tuple)):
            for n in node:
                walk(n)
        elif hasattr(node, "children"):
            walk(node.children)
    walk(component)
    return out


@pytest.fixture(scope="module")
def tiny(tiny_dataset):
    desa = ranking_frame(tiny_dataset)
    return desa, rank_defaults(tiny_dataset, desa)


@pytest.fixture(scope="module")
def demo(demo_dataset):
    desa = ranking_frame(demo_dataset)
    return desa, rank_defaults(demo_dataset, desa)


def _rank(dataset, base, state, area="9901"):
    desa, defaults = base
    return rank_desa(desa, rank_spec(state, defaults, area=area), meta=dataset.meta)


# -------------------------------------------------------------------------------------------
# defaults and the state the URL carries
# -------------------------------------------------------------------------------------------

def test_defaults_are_layers_defaults_with_the_optional_idm_slider(tiny_dataset, tiny):
    _, defaults = tiny
    assert defaults.weights == {"kk_terdaftar": 1.0, "kk_miskin_ekstrem": 1.0,
                                "kk_desil_1_4_tanpa_bansos": 1.0, "kk_deprivasi": 1.0,
                                "idm_nilai": 0.0}
    assert defaults.spec_weights == dict(default_spec(tiny_dataset.meta, tiny[0]).weights)
    rows = weight_rows(tiny_dataset, RankState(defaults.weights), defaults, lang="id")
    assert [(r.kolom, r.share, r.lower) for r in rows] == [
        ("kk_terdaftar", 0.25, False), ("kk_miskin_ekstrem", 0.25, False),
        ("kk_desil_1_4_tanpa_bansos", 0.25, False), ("kk_deprivasi", 0.25, False),
        ("idm_nilai", None, True)]
    assert rows[0].role == "Pangsa KK terdaftar di register"


def test_demo_defaults_show_which_columns_stand_in_and_why(demo_dataset, demo):
    _, defaults = demo
    assert defaults.weights == {"dtks_persen_terdaftar": 1.0, "p3ke_kk_miskin_ekstrem": 1.0,
                                "p3ke_kk_desil_1_4_tanpa_bansos": 1.0,
                                "p3ke_kk_deprivasi": 1.0, "idm_nilai": 0.0}
    rows = weight_rows(demo_dataset, RankState(defaults.weights), defaults, lang="en")
    children = rk.weight_controls(rows, normalisation="minmax", include_kelurahan=False,
                                  notes=default_notes(defaults, lang="en"), error=None,
                                  lang="en")
    text = _texts(children)
    assert "P3KE · Extreme-poor households" in text
    assert "default: Housing deprivation" in text
    assert "default: IDM status / score · a low value means more priority" in text
    assert (": Using p3ke_kk_deprivasi as a fallback (skor_deprivasi: not in the dataset; "
            "dtks_kk_deprivasi: The SIKS-NG export layout carries no data for this "
            "indicator.).") in text
    assert ["25%"] * 4 + ["–"] == [s for s in text if s.endswith("%") or s == "–"]
    sliders = [c for c in _walk(children) if type(c).__name__ == "Slider"]
    assert [(s.id["col"], s.value, s.min, s.max, s.step) for s in sliders] == [
        ("dtks_persen_terdaftar", 1.0, 0, 5, 1), ("p3ke_kk_miskin_ekstrem", 1.0, 0, 5, 1),
        ("p3ke_kk_desil_1_4_tanpa_bansos", 1.0, 0, 5, 1), ("p3ke_kk_deprivasi", 1.0, 0, 5, 1),
        ("idm_nilai", 0.0, 0, 5, 1)]


def test_an_unavailable_default_is_shown_with_its_reason(tiny_dataset, tiny):
    desa, _ = tiny
    defaults = rank_defaults(tiny_dataset, desa.drop(columns=["kk_deprivasi"]))
    assert "kk_deprivasi" not in defaults.weights
    children = rk.weight_controls([], normalisation="minmax", include_kelurahan=False,
                                  notes=default_notes(defaults, lang="id"), error=None,
                                  lang="id")
    missing = [c for c in _walk(children) if getattr(c, "className", "") == "pd-rank-missing"]
    assert len(missing) == 1
    assert _texts(missing[0]) == [
        "Indikator bawaan yang tidak tersedia:", "Deprivasi rumah",
        ": Tidak tersedia, tidak dipakai (skor_deprivasi: tidak ada di dataset; kk_deprivasi: "
        "tidak ada di dataset)."]


def _walk(node):
    if isinstance(node, (list, tuple)):
        for n in node:
            yield from _walk(n)
    elif hasattr(node, "to_plotly_json"):
        yield node
        yield from _walk(getattr(node, "children", None))


def test_state_round_trips_through_the_layers_weight_syntax(tiny):
    desa, defaults = tiny
    state = RankState({"kk_miskin_ekstrem": 3.0, "kk_terdaftar": 0.0}, "rank", True)
    data = state.data()
    assert data == {"w": "kk_miskin_ekstrem=3,kk_terdaftar=0", "n": "rank", "kel": True}
    assert data["w"] == format_weights(state.weights)
    back, error = read_rank_state(data, desa=desa, meta={}, defaults=defaults)
    assert error is None and back == state


def test_unusable_weights_in_a_link_fall_back_to_the_defaults_with_the_reason(tiny_dataset, tiny):
    desa, defaults = tiny
    state, error = read_rank_state({"w": "no_such=2", "n": "bogus", "kel": "yes"}, desa=desa,
                                   meta=tiny_dataset.meta, defaults=defaults)
    assert state == RankState(defaults.weights, "minmax", False)
    assert isinstance(error, InputError) and "no_such" in error.en_msg
    # all weights 0 is a state the sliders reach: kept, names still checked
    state, error = read_rank_state({"w": "kk_terdaftar=0,kk_pkh=0.0"}, desa=desa,
                                   meta=tiny_dataset.meta, defaults=defaults)
    assert error is None and state.weights == {"kk_terdaftar": 0.0, "kk_pkh": 0.0}
    # hand-written weights go onto the slider's scale
    state, _ = read_rank_state({"w": "kk_terdaftar=12,kk_pkh=1.6"}, desa=desa,
                               meta=tiny_dataset.meta, defaults=defaults)
    assert state.weights == {"kk_terdaftar": 5.0, "kk_pkh": 2.0}


def test_controls_state_checks_what_the_browser_sent():
    state = controls_state([{"col": "a"}, {"col": "b"}, {"col": "c"}], [2, None, 9],
                           [{"name": "norm"}, {"name": "kel"}], ["rank", ["kel"]])
    assert state == RankState({"a": 2.0, "b": 0.0, "c": 5.0}, "rank", True)
    assert controls_state([{"col": "a"}], [1], [], []).normalisation == "minmax"


# -------------------------------------------------------------------------------------------
# the map: tiers through hideout
# -------------------------------------------------------------------------------------------

def test_tier_hideout_has_classes_skor_ranks_and_reasons_but_no_geometry(tiny_dataset, tiny):
    result = _rank(tiny_dataset, tiny, RankState({"kk_miskin_ekstrem": 1.0}))
    codes = tiny_dataset.units(KAB_DESA)["kode"].tolist()
    assert codes == ["9901011003", "9901012001", "9901012002", "9901022001", "9901022002"]
    h = rank_hideout(result, codes, src="/g.pbf", selected="9901012002", lang="id",
                     labels=True, meta=tiny_dataset.meta, indicator_labels=TINY_LABELS,
                     area="Kabupaten Uji")
    assert h["mode"] == "rank" and h["src"] == "/g.pbf" and h["sel"] == "9901012002"
    assert h["c"] == "-10--"          # Dua prioritas 1, Satu prioritas 2, the rest not ranked
    assert h["v"] == ",0,100,,"       # skor; empty where not ranked (never 0)
    assert h["r"] == ",2,1,,"
    assert h["n"] == 2
    assert h["x"] == "0--11"
    assert h["why"] == [
        "Kelurahan: tidak menerima Dana Desa dan tidak ber-Musdes, tidak diperingkat "
        "(aktifkan 'sertakan kelurahan' untuk ikut diperingkat)",
        "Data kosong untuk indikator terpilih: KK miskin ekstrem (Tidak ada baris di berkas "
        "masukan untuk kecamatan ini.)"]
    assert h["pal"] == ["#b30000", "#fc8d59", "#fdd49e"]
    text = json.dumps(h)
    assert "coordinates" not in text and "geometry" not in text


def test_tier_legend_names_spans_counts_and_why_not_ranked(tiny_dataset, tiny):
    result = _rank(tiny_dataset, tiny, RankState({"kk_miskin_ekstrem": 1.0}))
    lg = rank_legend(result, lang="id")
    assert [(e.text, e.count, e.color) for e in lg.entries] == [
        ("Prioritas 1 · peringkat 1", 1, "#b30000"), ("Prioritas 2 · peringkat 2", 1, "#fc8d59")]
    assert lg.nodata == 3 and lg.nodata_label == "Tidak diperingkat"
    assert lg.nodata_reasons == ["kelurahan 1", "data kosong 2"]
    assert rank_legend(result, lang="en").entries[0].text == "Priority 1 · rank 1"


def test_empty_ranking_hatches_every_shape_and_says_why():
    h = empty_rank_hideout(["1", "2", "3"], "Every weight is 0", src="/g", selected=None,
                           lang="en", labels=False)
    assert h["c"] == "---" and h["x"] == "000" and h["why"] == ["Every weight is 0"]
    assert h["v"] == ",," and h["n"] == 0


# -------------------------------------------------------------------------------------------
# the list, "why this desa", desa not ranked
# -------------------------------------------------------------------------------------------

def test_demo_top_three_are_what_layers_ranks_for_the_default_weights(demo_dataset, demo,
                                                                      demo_dir):
    _, defaults = demo
    result = _rank(demo_dataset, demo, RankState(defaults.weights))
    rows = rank_rows(result, top=10)
    assert len(rows) == 10
    assert [(r.kode_desa, r.nama_desa, float(r.skor)) for r in rows.head(3).itertuples()] == \
        DEMO_TOP3
    # the same list as the command line's path (desa.parquet read by layers itself)
    desa, meta = load_dataset(demo_dir)
    cli = rank_desa(desa, default_spec(meta, desa, area="9901"), meta=meta)
    pd.testing.assert_frame_equal(result.table.reset_index(drop=True),
                                  cli.table.reset_index(drop=True), check_dtype=False)
    panel = rank_panel(demo_dataset, KAB_DESA, result, selected=None, top=10, lang="id")
    body = rk.rank_body(panel, lang="id")
    text = _texts(body)
    assert "218 dari 250 desa/kelurahan di Kabupaten Contoh diperingkat" in text
    assert "Tidak diperingkat: kelurahan 12, data kosong 20" in text
    assert [s for s in text if s in ("93,01", "90,22", "86,82")] == ["93,01", "90,22", "86,82"]
    assert "Mengapa Pucangasri?" in text
    assert "Skor 93,01 · peringkat 1 dari 218 · prioritas 1" in text


def test_why_contributions_add_up_and_a_desa_not_ranked_shows_its_reason(tiny_dataset, tiny):
    _, defaults = tiny
    result = _rank(tiny_dataset, tiny, RankState(defaults.weights))
    labels = {c: tiny_dataset.indicator(c).label("id") for c in result.indicators}
    w = why(result, "9901012002", dataset=tiny_dataset, labels=labels, lang="id")
    assert (w.nama, w.skor, w.peringkat, w.prioritas, w.n_ranked) == ("Dua", 75.0, 1, 1, 2)
    assert w.parts["kontribusi"].tolist() == [25.0, 25.0, 0.0, 25.0]  # adds up to the skor
    assert w.parts["maks"].tolist() == [25.0] * 4
    assert w.parts["teks"].tolist() == ["250", "50", "0", "8"]
    labels_en = {c: tiny_dataset.indicator(c).label("en") for c in result.indicators}
    left = why(result, "9901022001", dataset=tiny_dataset, labels=labels_en, lang="en")
    assert (left.skor, left.peringkat, left.prioritas) == (None, None, None)
    assert left.reason == (
        "No data for a chosen indicator: Registered households, Extreme-poor households, "
        "Decile 1-4 without aid, Housing-deprived households (>= k items) (The input files "
        "have no rows for this kecamatan.)")
    block = " ".join(_texts(rk.why_block(left, lang="en")))
    assert "Empat is not ranked:" in block and "Score" not in block
    # a code not in the ranking (another area) shows the first ranked desa
    assert why(result, "0000000000", dataset=tiny_dataset, labels=labels, lang="id").nama == "Dua"


def test_desa_not_ranked_are_grouped_by_reason(tiny_dataset, tiny):
    result = _rank(tiny_dataset, tiny, RankState({"kk_miskin_ekstrem": 1.0}))
    groups = unranked_groups(result, meta=tiny_dataset.meta, labels=TINY_LABELS, lang="id")
    assert groups == [
        ("Data kosong untuk indikator terpilih: KK miskin ekstrem (Tidak ada baris di berkas "
         "masukan untuk kecamatan ini.)", [("9901022001", "Empat"), ("9901022002", "Lima")]),
        ("Kelurahan: tidak menerima Dana Desa dan tidak ber-Musdes, tidak diperingkat "
         "(aktifkan 'sertakan kelurahan' untuk ikut diperingkat)", [("9901011003", "Tiga")])]
    assert reason_label(pd.NA, meta={}, labels={}, lang="id") == ""


def test_including_kelurahan_ranks_tiga(tiny_dataset, tiny):
    result = _rank(tiny_dataset, tiny, RankState({"kk_miskin_ekstrem": 1.0}, "minmax", True))
    assert rank_rows(result, top=0)["nama_desa"].tolist() == ["Tiga", "Dua", "Satu"]


# -------------------------------------------------------------------------------------------
# exclusion and inclusion lists
# -------------------------------------------------------------------------------------------

def test_exclusion_list_names_the_programmes_its_count_is_based_on(demo_dataset, demo):
    desa, _ = demo
    table = targeting(desa, demo_dataset.meta, KAB_DESA, kind="eksklusi", sort_by="jumlah")
    assert set(table["register"]) == {"p3ke"}
    first = table.iloc[0]
    assert (first["nama_desa"], int(first["kk_desil_1_4_tanpa_bansos"])) == ("Gunungrejo", 15)
    body = rk.targeting_body(table, kind="eksklusi", top=10, selected=None,
                             map_label="Desil 1-4 tanpa bansos",
                             reason_of=lambda a, j: f"alasan {a}", lang="id")
    text = _texts(body)
    assert "PKH · BPNT · BPUM · BST" in text
    assert "KK desil 1-4 yang tidak menerima satu pun dari: pkh, bpnt, bpum, bst" in text
    assert "Gunungrejo" in text and "15" in text and "27,8%" in text
    assert "Tanpa angka (19)" in text
    info = targeting_column(demo_dataset, kind="eksklusi", sort_by="persen")
    assert info.kolom == "p3ke_persen_tanpa_bansos"
    assert targeting_column(demo_dataset, kind="inklusi", sort_by="jumlah").kolom == \
        "dtks_kk_inklusi"


def test_inclusion_list_per_register_with_its_criterion(demo_dataset, demo):
    desa, _ = demo
    table = targeting(desa, demo_dataset.meta, KAB_DESA, kind="inklusi", sort_by="persen")
    assert list(dict.fromkeys(table["register"])) == ["dtks", "p3ke"]
    dtks = table[table["register"] == "dtks"].iloc[0]
    assert "tidak padan Dukcapil (register ini tanpa desil)" in dtks["dasar"]
    text = _texts(rk.targeting_body(table, kind="inklusi", top=5, selected=None,
                                    map_label=None, reason_of=lambda a, j: "-", lang="en"))
    assert "PKH · BPNT · PBI" in text and "PKH · BPNT · BPUM · BST" in text


# -------------------------------------------------------------------------------------------
# the XLSX download
# -------------------------------------------------------------------------------------------

def test_xlsx_download_is_the_ranking_with_its_method_sheet(demo_dataset, demo):
    from openpyxl import load_workbook

    _, defaults = demo
    result = _rank(demo_dataset, demo, RankState(defaults.weights))
    out = ranking_file(result, meta=demo_dataset.meta, area_name="Kabupaten Contoh",
                       today=date(2026, 11, 2))
    assert out.filename == "peringkat-prioritas_9901-kabupaten-contoh_2026-10.xlsx"
    assert ranking_filename(result, demo_dataset.meta, area_name="Kabupaten Contoh") == \
        out.filename
    wb = load_workbook(io.BytesIO(out.data))
    assert wb.sheetnames == ["Peringkat", "Metode"]
    ws = wb["Peringkat"]
    head = _header_row(ws)
    header = [c.value for c in ws[head]]
    assert header[:4] == ["Peringkat", "Prioritas", "Skor (0-100)", "Kode desa"]
    firsts = [(ws.cell(r, 4).value, ws.cell(r, 3).value) for r in (head + 1, head + 2, head + 3)]
    assert firsts == [(k, s) for k, _, s in DEMO_TOP3]
    assert ws.max_row - head == 250  # every desa of the area: ranked, then not ranked with reason


def _header_row(ws) -> int:
    """The row of the table's header, under the title block (title, area, period, source,
    dataset version, method, suppression note, export date)."""
    row = next(r for r in range(1, 20) if ws.cell(r, 1).value == "Peringkat")
    assert row > 8                                     # the title block comes first
    return row


# -------------------------------------------------------------------------------------------
# callbacks over the app (Flask test client)
# -------------------------------------------------------------------------------------------

def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _values(path, *, tab="prioritas", rank=None, view="peringkat", sel=None, top=10,
            sort="jumlah", lang="id", hash_=""):
    values = page_state(path, None, lang=lang)
    values.update({"pd-tabs.value": tab, "pd-rank-state.data": rank,
                   "pd-rank-view.value": view, "pd-rank-sel.data": sel,
                   "pd-rank-top.value": top, "pd-rank-sort.value": sort,
                   "pd-location.hash": hash_, "pd-style.data": None,
                   "pd-rank-xlsx-button.n_clicks": 1, "pd-rank-hash.data": None,
                   "pd-rank-reset.n_clicks": 0, "pd-rank-add.value": None})
    return values


def test_style_callback_colours_tiers_without_geometry(tiny_app):
    c = tiny_app.server.test_client()
    rank = {"w": "kk_miskin_ekstrem=1", "n": "minmax", "kel": False}
    resp, raw, _ = call(c, tiny_app, "pd-style.data", _values("/kab/9901/desa", rank=rank),
                        ["pd-rank-state.data"])
    h = resp["response"]["pd-style"]["data"]
    assert (h["mode"], h["c"], h["v"], h["r"]) == ("rank", "-10--", ",0,100,,", ",2,1,,")
    assert b"coordinates" not in raw and b"geometry" not in raw
    legend = _dump(resp["response"]["pd-legend"]["children"])
    assert "Prioritas 1 · peringkat 1" in legend and "Tidak diperingkat" in legend
    # another tab: the indicator map, whatever the ranking's controls hold
    resp, _, _ = call(c, tiny_app, "pd-style.data",
                      _values("/kab/9901/desa", tab="tabel", rank=rank), ["pd-tabs.value"])
    h = resp["response"]["pd-style"]["data"]
    assert (h["mode"], h["c"], h["v"]) == ("normal", "201--", "1200,100,250,,")
    # every weight 0: every desa hatched, the legend says why
    zero = {"w": "kk_miskin_ekstrem=0", "n": "minmax", "kel": False}
    resp, _, _ = call(c, tiny_app, "pd-style.data", _values("/kab/9901/desa", rank=zero),
                      ["pd-rank-state.data"])
    assert resp["response"]["pd-style"]["data"]["c"] == "-----"
    assert "Tidak ada indikator dengan bobot" in _dump(resp["response"]["pd-legend"])


def test_opening_the_tab_draws_the_area_in_desa(tiny_app, tiny_dataset):
    c = tiny_app.server.test_client()
    resp, _, _ = call(c, tiny_app, "pd-geo-url.data", _values("/"), ["pd-tabs.value"])
    out = resp["response"]
    assert out["pd-location"]["pathname"] == "/kab/9901/desa"
    assert out["pd-geo-url"]["data"] == tiny_dataset.geo_url("desa", "9901")
    # a path change keeps the ranking tab while the hash says so; a desa path opens its profile
    h = "#i=kk_terdaftar&s=quantiles&k=5&l=id&v=peringkat"
    resp, _, _ = call(c, tiny_app, "pd-geo-url.data", _values("/kec/990101", hash_=h),
                      ["pd-location.pathname"])
    assert resp["response"]["pd-tabs"]["value"] == "prioritas"
    assert "pd-location" not in resp["response"]
    resp, _, _ = call(c, tiny_app, "pd-geo-url.data", _values("/desa/9901012001", hash_=h),
                      ["pd-location.pathname"])
    assert resp["response"]["pd-tabs"]["value"] == "profil"


def test_rank_body_callback_lists_and_explains(tiny_app):
    c = tiny_app.server.test_client()
    rank = {"w": "kk_miskin_ekstrem=1", "n": "minmax", "kel": False}
    resp, _, _ = call(c, tiny_app, "pd-rank-body.children",
                      _values("/kab/9901/desa", rank=rank, sel="9901012001", lang="en"),
                      ["pd-rank-sel.data"])
    body = _dump(resp["response"]["pd-rank-body"]["children"])
    assert "2 of 5 villages in Kabupaten Uji ranked" in body
    assert "Why Satu?" in body and "Score 0.00 · rank 2 of 2 · priority 2" in body
    assert resp["response"]["pd-rank"]["className"] == "pd-ranking pd-rank-mode-peringkat"
    resp, _, _ = call(c, tiny_app, "pd-rank-body.children",
                      _values("/kab/9901", rank=rank, view="eksklusi"), ["pd-rank-view.value"])
    out = resp["response"]
    assert "PKH · BPNT" in _dump(out["pd-rank-body"])
    assert "/kab/9901/desa" in _dump(out["pd-rank-notice"])  # the map is in kecamatan


def test_controls_callback_renders_the_weights_of_a_link(tiny_app):
    c = tiny_app.server.test_client()
    values = _values("/kab/9901/desa")
    values["pd-rank-hash.data"] = {"w": "kk_pkh=4,kk_terdaftar=0", "n": "rank", "kel": True}
    resp, _, _ = call(c, tiny_app, "pd-rank-controls.children", values, ["pd-rank-hash.data"])
    sliders = {}

    def walk(node):
        if isinstance(node, list):
            for n in node:
                walk(n)
        elif isinstance(node, dict):
            props = node.get("props", {})
            if node.get("type") in ("Slider", "RadioItems", "Checklist"):
                key = props["id"]["col"] if node["type"] == "Slider" else props["id"]["name"]
                sliders[key] = props["value"]
            walk(props.get("children"))
    walk(resp["response"]["pd-rank-controls"]["children"])
    assert sliders == {"kk_pkh": 4.0, "kk_terdaftar": 0.0, "norm": "rank", "kel": ["kel"]}
    added = [o["value"] for o in resp["response"]["pd-rank-add"]["options"]]
    assert "kk_pkh" not in added and "kk_miskin_ekstrem" in added
    values["pd-rank-hash.data"] = {"w": "nope=1"}
    resp, _, _ = call(c, tiny_app, "pd-rank-controls.children", values, ["pd-rank-hash.data"])
    assert "bobot bawaan dipakai" in _dump(resp["response"]["pd-rank-controls"])


def test_state_callback_writes_the_layers_weight_string(tiny_app):
    c = tiny_app.server.test_client()
    cols = ["kk_terdaftar", "kk_miskin_ekstrem"]
    key = next(k for k in tiny_app.callback_map if k.lstrip(".").startswith("pd-rank-state."))
    w_ids = [{"type": "pd-w", "col": col} for col in cols]
    o_ids = [{"type": "pd-rank-opt", "name": "norm"}, {"type": "pd-rank-opt", "name": "kel"}]
    body = {
        "output": key,
        "outputs": [{"id": "pd-rank-state", "property": "data"},
                    [{"id": {"type": "pd-w-share", "col": col}, "property": "children"}
                     for col in cols]],
        "inputs": [[{"id": i, "property": "value", "value": v} for i, v in zip(w_ids, [3, 1])],
                   [{"id": o_ids[0], "property": "value", "value": "rank"},
                    {"id": o_ids[1], "property": "value", "value": []}]],
        "state": [[{"id": i, "property": "id", "value": i} for i in w_ids],
                  [{"id": i, "property": "id", "value": i} for i in o_ids],
                  {"id": "pd-lang", "property": "value", "value": "id"}],
        "changedPropIds": [json.dumps(w_ids[0], separators=(",", ":")) + ".value"],
    }
    r = c.post("/_dash-update-component", json=body)
    assert r.status_code == 200, r.data[:300]
    out = r.get_json()["response"]
    assert out["pd-rank-state"]["data"] == {"w": "kk_terdaftar=3,kk_miskin_ekstrem=1",
                                            "n": "rank", "kel": False}
    shares = [v["children"] for k, v in out.items() if k.startswith("{")]
    assert shares == ["75%", "25%"]


def test_xlsx_callback_sends_the_workbook(tiny_app):
    from openpyxl import load_workbook

    c = tiny_app.server.test_client()
    rank = {"w": "kk_miskin_ekstrem=1", "n": "minmax", "kel": False}
    resp, _, _ = call(c, tiny_app, "pd-rank-xlsx.data", _values("/kec/990101", rank=rank),
                      ["pd-rank-xlsx-button.n_clicks"])
    data = resp["response"]["pd-rank-xlsx"]["data"]
    assert data["filename"] == "peringkat-prioritas_990101-alfa_2026-10.xlsx"
    wb = load_workbook(io.BytesIO(base64.b64decode(data["content"])))
    assert wb.sheetnames == ["Peringkat", "Metode"]
    head = _header_row(wb["Peringkat"])
    assert [wb["Peringkat"].cell(r, 4).value for r in (head + 1, head + 2, head + 3)] == [
        "9901012002", "9901012001", "9901011003"]


def test_ranking_labels_built_at_run_time_exist_in_both_languages():
    from dashboard.i18n import LANGS, t
    from dashboard.model import RANK_VIEWS, TARGETING_SORTS

    keys = [f"rank.view.{v}" for v in RANK_VIEWS]
    keys += [f"rank.targeting.sort.{s}" for s in TARGETING_SORTS]
    keys += [f"rank.reason.class.{c}" for c in ("kelurahan", "kosong", "filter_idm")]
    keys += [f"rank.legend.rule.{r}" for r in ("tertil", "jenks")]
    keys += [f"rank.norm.{n}" for n in ("minmax", "rank")]
    for kind in ("eksklusi", "inklusi"):
        keys += [f"rank.targeting.title.{kind}", f"rank.targeting.none.{kind}"]
        keys += [f"rank.{kind}.{c}" for c in ("count", "rate", "base")]
    for lang in LANGS:
        for key in keys:
            assert t(key, lang, n="1").strip(), (lang, key)
