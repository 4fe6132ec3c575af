"""layers.indicators.housing: the one table from written housing values / Regsosek codes to 7
items."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from layers.indicators.housing import (
    COUNT_COLUMNS, ITEMS, SOURCE_COLUMN, TABLE, add_deprivation, classify, deprivation,
    min_items,
)


def _hh(**columns) -> pd.DataFrame:
    return pd.DataFrame(columns)


def _values(series: pd.Series) -> list:
    return [None if pd.isna(v) else bool(v) for v in series]


# --------------------------------------------------------------------------------------------
# the table itself
# --------------------------------------------------------------------------------------------

def test_seven_items_with_their_raw_columns():
    assert ITEMS == ("lantai_tanah", "dinding_buruk", "atap_buruk", "tanpa_listrik",
                     "air_tidak_layak", "tanpa_jamban", "kayu_bakar")
    assert SOURCE_COLUMN == {"lantai_tanah": "lantai", "dinding_buruk": "dinding",
                             "atap_buruk": "atap", "tanpa_listrik": "penerangan",
                             "air_tidak_layak": "air_minum", "tanpa_jamban": "fasilitas_bab",
                             "kayu_bakar": "bahan_bakar"}
    assert COUNT_COLUMNS["kk_lantai_tanah"] == "lantai_tanah"
    assert COUNT_COLUMNS["kk_deprivasi"] == "deprivasi"


@pytest.mark.parametrize("item, deprived_codes", [
    ("lantai_tanah", {8}),                    # DOMAIN.md: 303 lantai 8 = tanah
    ("dinding_buruk", {4, 6, 7}),             # 304: 6 = bambu, 4 = anyaman bambu, 7 lainnya
    ("atap_buruk", {5, 7, 8}),                # 305: bambu, jerami/ijuk/rumbia, lainnya
    ("tanpa_listrik", {4}),                   # 307a: bukan listrik
    ("air_tidak_layak", {6, 8, 9, 11}),       # 306a: unprotected, surface water, other
    ("tanpa_jamban", {6}),                    # 309a: 6 = tidak ada fasilitas
    ("kayu_bakar", {10}),                     # 308: 10 = kayu bakar
])
def test_deprived_regsosek_codes(item, deprived_codes):
    codes = {code for code, _, deprived, _ in TABLE[item][2] if deprived}
    assert codes == deprived_codes


# --------------------------------------------------------------------------------------------
# P3KE text values
# --------------------------------------------------------------------------------------------

def test_p3ke_text_values():
    hh = _hh(
        lantai=["Tanah", "Keramik", "Semen", "TANAH "],
        dinding=["Bambu", "Tembok", "Kayu/Papan", "anyaman bambu"],
        atap=["Ijuk/Rumbia", "Genteng", "Seng", "Asbes"],
        penerangan=["Bukan Listrik", "Listrik PLN", "Listrik PLN", "bukan listrik"],
        air_minum=["Sungai", "Sumur Terlindung", "Air Kemasan/Isi Ulang", "Sumur Tak Terlindung"],
        fasilitas_bab=["Tidak Ada", "Ya, Sendiri", "Ya, Bersama", "tidak ada"],
        bahan_bakar=["Kayu Bakar", "Gas", "Gas", "kayu bakar"],
    )
    res = deprivation(hh, layout="p3ke", k=3)
    assert _values(res.items["lantai_tanah"]) == [True, False, False, True]
    assert _values(res.items["dinding_buruk"]) == [True, False, False, True]
    assert _values(res.items["atap_buruk"]) == [True, False, False, False]
    assert _values(res.items["tanpa_listrik"]) == [True, False, False, True]
    assert _values(res.items["air_tidak_layak"]) == [True, False, False, True]
    assert _values(res.items["tanpa_jamban"]) == [True, False, False, True]
    assert _values(res.items["kayu_bakar"]) == [True, False, False, True]
    assert res.items["n_deprivasi"].tolist() == [7, 0, 0, 6]
    assert _values(res.items["deprivasi"]) == [True, False, False, True]
    assert res.report.empty


def test_p3ke_does_not_read_bare_numbers_as_codes():
    deprived, unknown = classify(pd.Series(["8", "Tanah"]), "lantai_tanah", coded=False)
    assert _values(deprived) == [None, True]
    assert unknown.tolist() == [True, False]


# --------------------------------------------------------------------------------------------
# DTSEN codes
# --------------------------------------------------------------------------------------------

def test_dtsen_codes_in_every_written_form():
    deprived, unknown = classify(pd.Series(["8", "08", "8.0", "1", "6", "8. Tanah",
                                            "8) Tanah", "Tanah", "", None, "-"]),
                                 "lantai_tanah", coded=True)
    assert _values(deprived) == [True, True, True, False, False, True, True, True, None,
                                 None, None]
    assert not unknown.any()


def test_dtsen_codes_per_item():
    hh = _hh(lantai=["8", "2"], dinding=["6", "1"], atap=["5", "6"], penerangan=["4", "1"],
             air_minum=["9", "3"], fasilitas_bab=["6", "5"], bahan_bakar=["10", "00"])
    items = deprivation(hh, layout="dtsen", k=7).items
    for item in ITEMS:
        assert _values(items[item]) == [True, False], item
    assert _values(items["deprivasi"]) == [True, False]
    # "tidak memasak di rumah" is numbered 00 in one version of the questionnaire, 12 in another
    deprived, unknown = classify(pd.Series(["0", "12", "11"]), "kayu_bakar", coded=True)
    assert _values(deprived) == [False, False, False] and not unknown.any()


def test_a_label_beats_its_number_prefix():
    # the label is unambiguous even when the number in front of it is not
    deprived, _ = classify(pd.Series(["6. Bambu", "5. Kayu/sirap"]), "atap_buruk", coded=True)
    assert _values(deprived) == [True, False]


# --------------------------------------------------------------------------------------------
# unknown values, the score
# --------------------------------------------------------------------------------------------

def test_unknown_values_are_counted_not_guessed():
    hh = _hh(atap=["Plastik", "Plastik", "Genteng", "99", "9916012345678901", ""],
             lantai=["Tanah"] * 6)
    res = deprivation(hh, layout="dtsen", k=2)
    assert _values(res.items["atap_buruk"]) == [None, None, False, None, None, None]
    report = res.report.set_index("nilai")["jumlah"].to_dict()
    assert report == {"Plastik": 2, "99": 1, "(nilai tidak ditampilkan / value not shown)": 1}
    assert set(res.report["item"]) == {"atap_buruk"} and set(res.report["kolom"]) == {"atap"}
    assert res.stats["atap_buruk"] == {"known": 1, "deprived": 0, "unknown": 4, "empty": 1}
    assert "9916012345678901" not in res.report.to_csv()


def test_deprivation_score_with_unknown_items():
    nan = None
    hh = _hh(
        lantai=["8", "8", "8", nan, "1"],
        dinding=["6", "6", "1", nan, "1"],
        atap=["5", nan, "1", nan, "1"],
        penerangan=["1", nan, "1", nan, "1"],
        air_minum=["1", nan, "1", nan, "1"],
        fasilitas_bab=["1", nan, "1", nan, "1"],
        bahan_bakar=["1", nan, "1", nan, "1"],
    )
    items = deprivation(hh, layout="dtsen", k=3).items
    assert items["n_deprivasi"].tolist()[:3] == [3, 2, 1]
    assert pd.isna(items["n_deprivasi"].iloc[3])          # nothing known: no score
    assert items["n_deprivasi"].iloc[4] == 0
    # 3 true -> yes; 2 true + 5 unknown could reach 3 -> unknown; 1 true, rest known -> no
    assert _values(items["deprivasi"]) == [True, None, False, None, False]


def test_k_from_settings():
    assert min_items() == 3
    assert min_items(SimpleNamespace(housing_deprivation_min=2)) == 2
    with pytest.raises(ValueError):
        min_items(SimpleNamespace(housing_deprivation_min=0))
    hh = _hh(lantai=["8"], dinding=["6"], atap=["1"], penerangan=["1"], air_minum=["1"],
             fasilitas_bab=["1"], bahan_bakar=["1"])
    two = deprivation(hh, layout="dtsen", settings=SimpleNamespace(housing_deprivation_min=2))
    three = deprivation(hh, layout="dtsen")
    assert _values(two.items["deprivasi"]) == [True]
    assert _values(three.items["deprivasi"]) == [False]
    assert two.stats["min_items"] == 2


def test_layout_without_housing_gives_na_everywhere():
    hh = _hh(kode=["3316062002"], lantai=[None], dinding=[None])
    out, res = add_deprivation(hh, layout="siks")
    assert out["kode"].tolist() == ["3316062002"]
    for item in ITEMS:
        assert out[item].isna().all()
    assert out["n_deprivasi"].isna().all() and out["deprivasi"].isna().all()
    assert res.stats["recorded"] == []
    assert str(out["lantai_tanah"].dtype) == "boolean"
    assert str(out["n_deprivasi"].dtype) == "Int64"
