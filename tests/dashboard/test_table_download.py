"""The table downloads (CSV and XLSX) and the ranking download are public outputs: the
dataset's one suppression pattern, provenance lines, formula-safe cells."""

from __future__ import annotations

import io

import pytest

from dashboard.model.cache import Computed
from dashboard.model.export import ranking_download
from dashboard.model.table import dataset_pattern, table_download
from dashboard.settings import DashboardSettings

COL = "p3ke_kk_miskin_ekstrem"


@pytest.fixture(scope="module")
def downloads(demo_dataset):
    got = {fmt: table_download(Computed(), demo_dataset, DashboardSettings(), "/kab/9901/desa",
                               COL, None, None, text=None, sort=None, lang="id", fmt=fmt)
           for fmt in ("csv", "xlsx")}
    return got


def test_table_csv_is_suppressed_and_says_where_it_comes_from(demo_dataset, downloads):
    csv = downloads["csv"]
    assert csv.filename.endswith(".csv") and csv.data.startswith(b"\xef\xbb\xbf")
    lines = csv.text.lstrip("\ufeff").splitlines()
    fields = dict(f.split("=", 1) for f in lines[0].removeprefix("# ").split(" | "))
    assert fields["periode"] == "2026-10" and fields["versi_data"] == demo_dataset.version
    assert fields["wilayah"].endswith("(99.01)") and "P3KE" in fields["sumber"]
    rows = [line.split(";") for line in lines[2:]]
    values = [r[3] for r in rows]
    assert len(rows) == 250
    shown = [int(v) for v in values if v not in ("<5", "x", "")]
    assert not [v for v in shown if 0 < v < 5]
    pattern = dataset_pattern(demo_dataset, 5)
    hidden = sum(pattern.status("desa", k, COL) is not None
                 for k in demo_dataset.frames["desa"].index)
    assert sum(v in ("<5", "x") for v in values) == hidden > 0
    # a hidden value's rank and class are hidden with it; codes are dotted as on screen
    small = next(r for r in rows if r[3] == "<5")
    assert small[4] == small[5] == "<5" and small[0].count(".") == 3


def test_table_xlsx_holds_the_same_cells_and_no_formula(downloads):
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(downloads["xlsx"].data)).active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    assert ws["A3"].value == "periode: 2026-10"
    csv_rows = downloads["csv"].text.lstrip("\ufeff").splitlines()[2:]
    head = len([c for c in ws["A"] if c.value]) - len(csv_rows)
    values = [ws.cell(row=r, column=4).value for r in range(head + 2, ws.max_row + 1)]
    assert [str(v) if v is not None else "" for v in values] == [r.split(";")[3]
                                                                 for r in csv_rows]


def test_ranking_download_uses_the_weights_on_screen_and_the_pattern(demo_dataset):
    from openpyxl import load_workbook

    rank = {"w": "dtks_persen_terdaftar=3,p3ke_kk_deprivasi=1"}
    got = ranking_download(Computed(), demo_dataset, "/kab/9901", rank)
    if got is None:
        pytest.fail("no ranking for the demo")
    ws = load_workbook(io.BytesIO(got.data))["Peringkat"]
    assert ws["A5"].value == f"Versi data / Dataset version: 2026-10 · {demo_dataset.version}"
    assert "75,0%" in ws["A6"].value and "25,0%" in ws["A6"].value
