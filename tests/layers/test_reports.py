"""Printed reports and map images (layers.reports): open every output and check what it shows."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import numpy as np
import pytest

pdfplumber = pytest.importorskip("pdfplumber")

from layers.errors import InputError  # noqa: E402
from layers.reports.build import report_pdf  # noqa: E402
from layers.reports.content import RankOptions, load_report_data, rank  # noqa: E402
from layers.reports.labels import overlaps, place_labels  # noqa: E402
from layers.reports.legend import luminance, monotonic, ramp  # noqa: E402

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
KEC = "990101"


@pytest.fixture(scope="module")
def data():
    return load_report_data(DEMO, today=date(2026, 12, 1))


@pytest.fixture(scope="module")
def kec_pdf(data):
    return pdfplumber.open(io.BytesIO(report_pdf(data, "99.01.01")))


def _map_frame(page):
    """The map frame: the widest rectangle of the page that is not a table cell."""
    rects = [r for r in page.rects if r["width"] > 250 and r["height"] > 200]
    return max(rects, key=lambda r: r["width"] * r["height"])


def test_kecamatan_report_names_every_desa_inside_the_map_without_overlap(data, kec_pdf):
    page = kec_pdf.pages[0]
    text = page.extract_text()
    assert "Kecamatan Banyuwangi (99.01.01)" in text
    assert "Periode data: 2026-10" in text and "1 Desember 2026" in text
    _assert_map_names(page, data.desa.loc[data.desa["kode_kec"] == KEC, "nama_desa"].tolist())


def _assert_map_names(page, names):
    """Every name inside the map frame as text (or numbered, with the number inside and the
    name in the key), and no two words of the map overlapping."""
    frame = _map_frame(page)
    crop = page.crop((frame["x0"], frame["top"], frame["x1"], frame["bottom"]))
    inside = crop.extract_text()
    assert len(names) >= 10
    text = page.extract_text()
    missing = [n for n in names if n not in inside and not re.search(
        rf"\b\d+  ?{re.escape(n)}\b", text)]
    assert missing == []
    words = [w for w in crop.extract_words() if len(w["text"]) > 1]
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            assert not (a["x0"] < b["x1"] - 0.5 and b["x0"] < a["x1"] - 0.5
                        and a["top"] < b["bottom"] - 0.5 and b["top"] < a["bottom"] - 0.5), \
                (a["text"], b["text"])


def test_top_list_is_the_ranking_in_order(data, kec_pdf):
    ranking = rank(data, area=KEC)
    table = next(t for p in kec_pdf.pages for t in p.extract_tables()
                 if t and t[0][:3] == ["No", "Desa", "Skor"])
    shown = [(int(r[0]), r[1]) for r in table[1:]]
    expected = list(zip(ranking.ranked["peringkat"].head(10).astype(int),
                        ranking.ranked["nama_desa"].head(10)))
    assert shown == expected
    text = "\n".join(p.extract_text() for p in kec_pdf.pages)
    assert "Metode" in text and "Min-maks" in text
    assert "Nama wilayah belum cocok" in text


@pytest.mark.slow
def test_weights_change_the_top_list_like_rank(data, tmp_path):
    import pandas as pd

    from layers.cli.rank import run_rank

    w = "p3ke_kk_miskin_ekstrem=3,dtks_persen_terdaftar=1"
    csv = run_rank(DEMO, out=tmp_path / "rank.csv", area=KEC, weights=w, top=10)
    by_cli = pd.read_csv(csv, dtype=str, comment=None, skiprows=1,
                         encoding="utf-8-sig")["nama_desa"].tolist()
    pdf = pdfplumber.open(io.BytesIO(report_pdf(data, KEC, ranking=RankOptions(weights=w))))
    table = next(t for p in pdf.pages for t in p.extract_tables()
                 if t and t[0][:3] == ["No", "Desa", "Skor"])
    expected = rank(data, area=KEC, options=RankOptions(weights=w)).ranked[
        "nama_desa"].head(10).tolist()
    assert [r[1] for r in table[1:]] == expected == by_cli[:10]
    assert expected != rank(data, area=KEC).ranked["nama_desa"].head(10).tolist()


@pytest.mark.slow
def test_unresolved_names_are_listed(data):
    import pandas as pd

    review = pd.DataFrame([{"register": "dtks", "tingkat": "desa", "input_nama": "SUMBER X",
                            "induk_kode": KEC, "metode": "unmatched", "jumlah_baris": "12"}])
    other = load_report_data(DEMO, today=date(2026, 12, 1))
    other.review = review
    text = "\n".join(p.extract_text() for p in
                     pdfplumber.open(io.BytesIO(report_pdf(other, KEC))).pages)
    assert "SUMBER X" in text and "unmatched" in text


def test_musdes_sheet_holds_the_dusun_table(data):
    code = "9901012001"
    pdf = pdfplumber.open(io.BytesIO(report_pdf(data, code)))
    assert len(pdf.pages) <= 2
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "Lembar Musdes: Desa Bangunmulyo (99.01.01.2001)" in text
    sub = data.subdesa[data.subdesa["kode_desa"] == code]
    reg = sub.groupby("register")["kk_terdaftar"].sum().sort_values(kind="stable").index[-1]
    dusun = sorted(set(sub.loc[sub["register"] == reg, "dusun"]))
    table = next(t for p in pdf.pages for t in p.extract_tables()
                 if t and t[0][:2] == ["Register", "Dusun"])
    assert sorted({r[1] for r in table[1:]}) == dusun
    assert "Peringkat" in text and "Kecamatan" in text and "Kabupaten" in text


@pytest.mark.slow
def test_atlas_has_one_section_per_kecamatan(data):
    pdf = pdfplumber.open(io.BytesIO(report_pdf(data, "9901")))
    pages = [p.extract_text() for p in pdf.pages]
    kecs = sorted(data.kecamatan["nama_kec"])
    starts = [t for t in pages if "Laporan Prioritas Desa: Kecamatan" in t]
    assert len(starts) == len(kecs) == 12
    contents = next(t for t in pages[:4] if "Daftar isi" in t)
    for name in kecs:
        page_no = int(re.search(rf"Kecamatan {re.escape(name)} (\d+)", contents).group(1))
        assert f"Kecamatan {name}" in pages[page_no - 1].split("\n")[0]
    assert pages[-1].rstrip().endswith(f"Halaman {len(pages)}")


def test_bad_area_is_a_bilingual_error(data):
    with pytest.raises(InputError) as err:
        report_pdf(data, "99.01.77")
    assert "tidak ada di dataset" in str(err.value) and "not in the dataset" in str(err.value)


def test_map_png_size_and_legend_swatches(data):
    from PIL import Image

    from layers.reports.image import map_image
    from layers.reports.maps import MapOptions

    img = map_image(data, KEC, options=MapOptions(k=5))
    png = Image.open(io.BytesIO(img.data))
    assert png.size[0] >= 1650 and png.size == (img.width, img.height)
    assert round(png.info["dpi"][0]) >= 200
    colours = [c for _, _, c in img.swatches]
    assert colours == ramp(5, kind="rate", name="dtks_persen_terdaftar")
    rgb = png.convert("RGB")
    for x, y, colour in img.swatches:
        assert "#%02x%02x%02x" % rgb.getpixel((x, y)) == colour
    grey = [rgb.convert("L").getpixel((x, y)) for x, y, _ in img.swatches]
    assert grey == sorted(grey, reverse=True) and len(set(grey)) == len(grey)


def test_ramps_survive_greyscale():
    for k in range(3, 8):
        for kind, name in (("count", ""), ("rate", "persen_pkh"), ("change", "")):
            colours = ramp(k, kind=kind, name=name)
            assert len(colours) == k and monotonic(colours), (kind, k)
    assert luminance("#ffffb2") > luminance("#bd0026")


def test_labels_shrink_then_number_without_overlap():
    items = [(f"k{i}", f"Desa Nama Panjang {i}", (50.0 + (i % 3), 50.0), i) for i in range(12)]
    labels = place_labels(items, 200, 120)
    assert len(labels) == 12 and overlaps(labels) == []
    sizes = {lab.size for lab in labels if lab.number is None}
    numbered = [lab for lab in labels if lab.number]
    assert numbered and [lab.number for lab in numbered] == list(range(1, len(numbered) + 1))
    assert max(sizes) > min(sizes) or len(numbered) > 0
    assert np.all([0 <= lab.box[0] and lab.box[2] <= 200 for lab in labels])


@pytest.mark.slow
def test_dashboard_buttons_give_png_and_pdf_of_the_view():
    from dashboard.dataset import LoadedDataset
    from dashboard.model.cache import Computed
    from dashboard.model.reports import report_download

    dataset = LoadedDataset.load(DEMO, warm=False)
    computed = Computed()
    png = report_download(computed, dataset, "/kec/990101", "dtks_persen_terdaftar",
                          "quantiles", 5, "id", None, kind="png")
    assert png.mime == "image/png" and png.data[:4] == b"\x89PNG"
    w = {"w": "p3ke_kk_miskin_ekstrem=3,dtks_persen_terdaftar=1", "n": "minmax", "kel": False}
    pdf = report_download(computed, dataset, "/kec/990101", "dtks_persen_terdaftar",
                          "quantiles", 5, "id", w, kind="pdf")
    doc = pdfplumber.open(io.BytesIO(pdf.data))
    table = next(t for p in doc.pages for t in p.extract_tables()
                 if t and t[0][:3] == ["No", "Desa", "Skor"])
    data = load_report_data(DEMO)
    expected = rank(data, area=KEC, options=RankOptions(weights=w["w"])).ranked[
        "nama_desa"].head(10).tolist()
    assert [r[1] for r in table[1:]] == expected
    assert report_download(computed, dataset, "/kec/990199", None, "quantiles", 5, "id", None,
                           kind="pdf") is None


def _count(text: str) -> float | None:
    """The count a cell shows (``1.234``, ``69 (27,6%)``), None for markers, shares, empty."""
    head = (text or "").strip().split(" ")[0]
    if not head or head.endswith("%") or not head.replace(".", "").isdigit():
        return None
    return float(head.replace(".", ""))


def test_no_small_count_is_visible_and_internal_shows_them(data, kec_pdf):
    counts = []
    for page in kec_pdf.pages:
        for table in page.extract_tables():
            if table[0][:3] == ["No", "Desa", "Skor"]:
                counts += [_count(c) for r in table[1:] for c in r[4:-1]]
            elif table[0][0] == "Register":
                counts += [_count(c) for r in table[1:] for c in r[1:]]
    counts = [n for n in counts if n is not None]
    assert len(counts) >= 15 and not [n for n in counts if 0 < n < 5]
    text = "\n".join(p.extract_text() for p in kec_pdf.pages)
    assert "<5" in text
    internal = load_report_data(DEMO, internal=True)
    doc = pdfplumber.open(io.BytesIO(report_pdf(internal, KEC)))
    assert "INTERNAL - tidak untuk disebarkan" in doc.pages[0].extract_text()
    assert "<5" not in "\n".join(p.extract_text() for p in doc.pages)


@pytest.mark.parametrize("module", ["layers.reports.fonts", "layers.reports.legend",
                                    "layers.reports.mapfig", "layers.ranking.classes"])
def test_doctests(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0 and result.attempted > 0


@pytest.mark.slow
def test_real_blora_kecamatan_sambong(shared_data, tmp_path_factory):
    import contextlib

    from layers.cli import main

    out = tmp_path_factory.mktemp("blora") / "blora"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["demo", "--boundaries", str(shared_data / "geojson" / "desa_blora.geojson"),
                     "--households", "3000", "--out", str(out)]) == 0
    blora = load_report_data(out, today=date(2026, 12, 1))
    pdf = pdfplumber.open(io.BytesIO(report_pdf(blora, "33.16.06")))
    names = blora.desa.loc[blora.desa["kode_kec"] == "331606", "nama_desa"].tolist()
    assert "SAMBONG" in pdf.pages[0].extract_text().upper()
    _assert_map_names(pdf.pages[0], names)


def test_cli_refuses_a_non_pdf_output(tmp_path, capsys):
    from layers.cli import main

    code = main(["report", "--data", str(DEMO), "--area", "990101",
                 "--out", str(tmp_path / "laporan.txt")])
    err = capsys.readouterr().err
    assert code == 2 and "harus .pdf" in err and "must be .pdf" in err
    assert not (tmp_path / "laporan.txt").exists()
