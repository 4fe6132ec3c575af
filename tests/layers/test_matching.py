"""Hierarchical area matching, review list and mapping CSV (layers.matching)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from layers.errors import InputError
from layers.matching import (MAPPING_COLUMNS, REPORT_COLUMNS, clean_text, fuzzy_scores,
                             name_key, read_mapping, resolve_areas, write_mapping)
from layers.settings import DEFAULT

AREA = ["prov", "kab", "kec", "desa", "kode", "n_rows"]


def _areas(cases: dict[str, tuple]) -> pd.DataFrame:
    """Areas frame from {label: (prov, kab, kec, desa, kode, n_rows)}, indexed by label."""
    return pd.DataFrame.from_dict(cases, orient="index", columns=AREA)


def _row(report: pd.DataFrame, tingkat: str, input_nama: str, **where) -> pd.Series:
    sel = (report["tingkat"] == tingkat) & (report["input_nama"] == input_nama)
    for col, value in where.items():
        sel &= report[col] == value
    rows = report[sel]
    assert len(rows) == 1, f"{tingkat} {input_nama!r}: {len(rows)} rows"
    return rows.iloc[0]


# --------------------------------------------------------------------------------------------
# name keys and scores (public: the demo generator compares names the same way)
# --------------------------------------------------------------------------------------------

def test_name_key_reads_the_kind_and_compacts_the_core():
    assert name_key("Kab. Sambong Rejo", "kab") == ("kabupaten", "SAMBONGREJO")
    assert name_key("SAMBONGREJO", "kab") == (None, "SAMBONGREJO")
    assert name_key("Kel. Bangkle", "desa") == ("kelurahan", "BANGKLE")


@pytest.mark.parametrize("value, text", [(None, ""), (float("nan"), ""), ("-", ""),
                                         ("  Sambong   Rejo ", "Sambong Rejo"),
                                         (3316062002.0, "3316062002")])
def test_clean_text(value, text):
    assert clean_text(value) == text


def test_fuzzy_scores_are_ratio_on_compact_keys():
    from rapidfuzz import fuzz

    scores = fuzzy_scores(["SAMBONGREJO", "SUMBEREJO"], ["SAMBONGREJO", "SAMBONGREJA", "GADU"])
    assert scores.shape == (2, 3)
    assert scores[0, 0] == 100
    assert scores[1, 1] == pytest.approx(fuzz.ratio("SUMBEREJO", "SAMBONGREJA"), abs=1e-4)


# --------------------------------------------------------------------------------------------
# a tiny hand-made gazetteer (codes of the imaginary province 99)
# --------------------------------------------------------------------------------------------

_TINY = [
    # kode_desa, nama_desa, jenis, kode_kec, nama_kec, kode_kab, nama_kab
    ("9901012001", "Sambongrejo", "desa", "990101", "Sukamaju", "9901", "Kabupaten Contoh"),
    ("9901012002", "Sambong", "desa", "990101", "Sukamaju", "9901", "Kabupaten Contoh"),
    ("9901012003", "Sumberejo", "desa", "990101", "Sukamaju", "9901", "Kabupaten Contoh"),
    ("9901012004", "Mulyorejo", "desa", "990101", "Sukamaju", "9901", "Kabupaten Contoh"),
    ("9901012005", "Kedungrejo", "desa", "990101", "Sukamaju", "9901", "Kabupaten Contoh"),
    ("9901012006", "Kedungreja", "desa", "990101", "Sukamaju", "9901", "Kabupaten Contoh"),
    ("9901011007", "Karanganyar", "kelurahan", "990101", "Sukamaju", "9901",
     "Kabupaten Contoh"),
    ("9901022001", "Sambongrejo", "desa", "990102", "Sukamulya", "9901", "Kabupaten Contoh"),
    ("9901022002", "Krajan", "desa", "990102", "Sukamulya", "9901", "Kabupaten Contoh"),
    ("9901022003", "Krajan", "desa", "990102", "Sukamulya", "9901", "Kabupaten Contoh"),
    ("9971011001", "Sambongrejo", "kelurahan", "997101", "Contoh Utara", "9971", "Kota Contoh"),
    ("9902012001", "Mekarsari", "desa", "990201", "Sukamaju", "9902", "Kabupaten Lain"),
]


@pytest.fixture()
def tiny() -> pd.DataFrame:
    gaz = pd.DataFrame(_TINY, columns=["kode_desa", "nama_desa", "jenis", "kode_kec", "nama_kec",
                                       "kode_kab", "nama_kab"])
    gaz["kode_prov"] = "99"
    gaz["nama_prov"] = "Provinsi Contoh"
    return gaz


def _one(gaz, desa, *, kec="SUKAMAJU", kab="KABUPATEN CONTOH", kode=None, settings=DEFAULT,
         mapping=None):
    areas = _areas({"a": ("PROVINSI CONTOH", kab, kec, desa, kode, 4)})
    return resolve_areas(areas, gaz, mapping=mapping, settings=settings)


def test_exact_on_the_compact_key(tiny):
    areas = _areas({
        "upper": ("PROVINSI CONTOH", "KAB. CONTOH", "SUKAMAJU", "SAMBONGREJO", None, 3),
        "spaced": ("Prov. Contoh", "Kabupaten Contoh", "Kec. Sukamaju", "Sambong Rejo", None, 2),
        "prefixed": ("", "Kab Contoh", "KECAMATAN SUKAMAJU", "Ds. Sambong-Rejo", None, 1),
        "short": ("PROVINSI CONTOH", "KAB. CONTOH", "SUKAMAJU", "SAMBONG", None, 5),
    })
    res = resolve_areas(areas, tiny)
    assert res.kode_desa.to_dict() == {"upper": "9901012001", "spaced": "9901012001",
                                       "prefixed": "9901012001", "short": "9901012002"}
    assert res.metode.tolist() == ["exact"] * 4
    assert res.kode_kec.tolist() == ["990101"] * 4
    assert res.review.empty
    row = _row(res.report, "desa", "Sambong Rejo")
    assert (row["metode"], row["skor"], row["kode_hasil"], row["nama_hasil"],
            row["induk_kode"], row["jumlah_baris"]) == ("exact", 100.0, "9901012001",
                                                       "Sambongrejo", "990101", 2)
    # the kab row counts every input row that used that spelling
    assert _row(res.report, "kab", "KAB. CONTOH")["jumlah_baris"] == 8


@pytest.mark.parametrize("typo, score", [("SAMBONGREJ0", 90.9), ("SAMBONGREO", 95.2)])
def test_fuzzy_accepted_for_a_typo(tiny, typo, score):
    res = _one(tiny, typo)
    assert res.kode_desa.tolist() == ["9901012001"]
    row = _row(res.report, "desa", typo)
    assert (row["metode"], row["skor"], row["kode_hasil"]) == ("fuzzy", score, "9901012001")
    assert res.review.empty


def test_fuzzy_refused_when_the_runner_up_is_close(tiny):
    res = _one(tiny, "KEDUNGREJE")          # Kedungrejo and Kedungreja both score 90.0
    assert res.kode_desa.tolist() == [None]
    row = _row(res.review, "desa", "KEDUNGREJE")
    assert (row["metode"], row["skor"], row["kode_hasil"]) == ("ambiguous", 90.0, "")
    assert row["kandidat"].startswith(
        "Kedungrejo (9901012005) 90.0; Kedungreja (9901012006) 90.0; ")
    assert row["kandidat"].count(";") == DEFAULT.review_candidates - 1


def test_fuzzy_margin_comes_from_settings(tiny):
    # KEDUNGREJOO: Kedungrejo 95.2, runner-up Kedungreja 85.7 (9.5 lower)
    assert _one(tiny, "KEDUNGREJOO").metode.tolist() == ["fuzzy"]
    strict = replace(DEFAULT, fuzzy_margin=10.0)
    res = _one(tiny, "KEDUNGREJOO", settings=strict)
    assert res.metode.tolist() == ["ambiguous"]
    assert _one(tiny, "SAMBONGREJ0", settings=replace(DEFAULT, fuzzy_accept=95.0)
                ).metode.tolist() == ["unmatched"]
    two = _one(tiny, "KEDUNGREJE", settings=replace(DEFAULT, review_candidates=2))
    assert two.review["kandidat"].iloc[0] == (
        "Kedungrejo (9901012005) 90.0; Kedungreja (9901012006) 90.0")


@pytest.mark.parametrize("name, best, score, metode", [
    ("SUMBEREJO II", "Sumberejo (9901012003)", 94.7, "ambiguous"),
    ("MULYOREJO 1", "Mulyorejo (9901012004)", 94.7, "ambiguous"),
    ("Mulyorejo Satu", "Mulyorejo (9901012004)", 94.7, "ambiguous"),
    ("Sumberejo Lor", "Sumberejo (9901012003)", 85.7, "unmatched"),
])
def test_fuzzy_refused_for_a_direction_word_or_numeral(tiny, name, best, score, metode):
    """Scores reach the threshold and nothing else is close, but the names differ by a
    numeral or a direction word: another village, never a typo."""
    res = _one(tiny, name)
    row = _row(res.review, "desa", name)
    assert (row["metode"], row["skor"]) == (metode, score)
    assert row["kandidat"].split("; ")[0] == f"{best} {score}"
    assert res.kode_desa.tolist() == [None]
    # the same score without a qualifier is accepted
    assert _one(tiny, "SUMBEREJOO").metode.tolist() == ["fuzzy"]


def test_unmatched_lists_candidates_of_the_same_parent_only(tiny):
    res = _one(tiny, "MEKARSARI")           # exists, but in another kabupaten
    row = _row(res.review, "desa", "MEKARSARI")
    assert row["metode"] == "unmatched"
    assert "9902012001" not in row["kandidat"]
    assert all(k.split("(")[1][:6] == "990101" for k in row["kandidat"].split("; "))


def test_kinds_must_agree(tiny):
    areas = _areas({
        "kota": ("", "KOTA CONTOH", "CONTOH UTARA", "Kel. Sambongrejo", None, 1),
        "kab": ("", "KAB CONTOH", "SUKAMAJU", "SAMBONGREJO", None, 1),
        "bare": ("", "CONTOH", "SUKAMAJU", "SAMBONGREJO", None, 7),
        "wrong_kind": ("", "KAB CONTOH", "SUKAMAJU", "Kel. Sambongrejo", None, 1),
        "kel_ok": ("", "KAB CONTOH", "SUKAMAJU", "Kelurahan Karanganyar", None, 1),
        "desa_for_kel": ("", "KAB CONTOH", "SUKAMAJU", "Desa Karanganyar", None, 1),
    })
    res = resolve_areas(areas, tiny)
    assert res.kode_desa.to_dict() == {"kota": "9971011001", "kab": "9901012001", "bare": None,
                                       "wrong_kind": None, "kel_ok": "9901011007",
                                       "desa_for_kel": None}
    bare = _row(res.report, "kab", "CONTOH")
    assert bare["metode"] == "ambiguous"
    assert bare["kandidat"] == "Kabupaten Contoh (9901) 100.0; Kota Contoh (9971) 100.0"
    # the kelurahan shows up as a candidate, but is not taken for a desa
    wrong = _row(res.report, "desa", "Kel. Sambongrejo", induk_kode="990101")
    assert wrong["metode"] == "unmatched"
    assert wrong["kandidat"].startswith("Sambongrejo (9901012001) 100.0")


def test_children_of_an_unresolved_parent(tiny):
    areas = _areas({
        "a": ("", "CONTOH", "SUKAMAJU", "SAMBONG", None, 7),
        "b": ("", "KAB CONTOH", "SUKAMAJUUUUUU", "SAMBONG", None, 2),
    })
    res = resolve_areas(areas, tiny)
    assert res.kode_desa.tolist() == [None, None]
    assert res.metode.tolist() == ["unmatched", "unmatched"]
    kec = _row(res.report, "kec", "SUKAMAJU")
    assert (kec["metode"], kec["induk_kode"]) == ("unmatched", "")
    assert kec["kandidat"] == "induk belum cocok / parent unresolved: kab 'CONTOH'"
    desa = res.report[res.report["tingkat"] == "desa"].set_index("kandidat")["jumlah_baris"]
    assert desa.to_dict() == {
        "induk belum cocok / parent unresolved: kab 'CONTOH'": 7,
        "induk belum cocok / parent unresolved: kec 'SUKAMAJUUUUUU'": 2}
    assert res.kode_kec.tolist() == [None, None]


def test_empty_levels_are_skipped(tiny):
    areas = _areas({
        "no_kab": ("PROVINSI CONTOH", None, "SUKAMULYA", "SAMBONGREJO", None, 1),
        "no_kec": (None, "KAB CONTOH", None, "SUMBEREJO", None, 1),
        "kec_twice": (None, None, "SUKAMAJU", "SAMBONG", None, 1),   # in two kabupaten
        "no_desa": (None, "KAB CONTOH", "SUKAMAJU", None, None, 3),
    })
    res = resolve_areas(areas, tiny)
    assert res.kode_desa.to_dict() == {"no_kab": "9901022001", "no_kec": "9901012003",
                                       "kec_twice": None, "no_desa": None}
    assert _row(res.report, "kec", "SUKAMULYA")["induk_kode"] == "99"
    assert _row(res.report, "desa", "SUMBEREJO")["induk_kode"] == "9901"
    twice = _row(res.report, "kec", "SUKAMAJU", induk_kode="")
    assert twice["metode"] == "ambiguous"
    assert twice["kandidat"] == "Sukamaju (990101) 100.0; Sukamaju (990201) 100.0"
    empty = _row(res.report, "desa", "")
    assert (empty["metode"], empty["kandidat"], empty["jumlah_baris"]) == (
        "unmatched", "nama kosong / empty name", 3)
    assert res.kode_kec["no_desa"] == "990101"


def test_twins_are_ambiguous_unless_a_code_is_given(tiny):
    areas = _areas({
        "twin": ("", "KAB CONTOH", "SUKAMULYA", "KRAJAN", None, 4),
        "coded": ("", "KAB CONTOH", "SUKAMULYA", "KRAJAN", "99.01.02.2003", 1),
    })
    res = resolve_areas(areas, tiny)
    assert res.kode_desa.to_dict() == {"twin": None, "coded": "9901022003"}
    assert res.metode.to_dict() == {"twin": "ambiguous", "coded": "kode"}
    twin = _row(res.review, "desa", "KRAJAN")
    assert twin["kandidat"] == "Krajan (9901022002) 100.0; Krajan (9901022003) 100.0"


def test_codes_win_and_unknown_codes_fall_back_to_names(tiny):
    areas = _areas({
        "code_wins": ("", "KAB CONTOH", "SUKAMAJU", "SAMBONGREJO", 9901012002.0, 2),
        "unknown": ("", "KAB CONTOH", "SUKAMAJU", "SAMBONGREJO", "9901012999", 3),
        "unusable": ("", "KAB CONTOH", "SUKAMAJU", "SAMBONGREJO", "9.90101E+09", 4),
        "code_only": (None, None, None, None, "'9901012004", 1),
    })
    res = resolve_areas(areas, tiny)
    assert res.kode_desa.to_dict() == {"code_wins": "9901012002", "unknown": "9901012001",
                                       "unusable": "9901012001", "code_only": "9901012004"}
    assert res.metode.to_dict() == {"code_wins": "kode", "unknown": "exact",
                                    "unusable": "exact", "code_only": "kode"}
    coded = _row(res.report, "desa", "SAMBONGREJO", metode="kode")
    assert (coded["input_kode"], coded["kode_hasil"], coded["nama_hasil"], coded["skor"],
            coded["induk_kode"]) == ("9901012002", "9901012002", "Sambong", 100.0, "990101")
    unknown = _row(res.report, "desa", "SAMBONGREJO", input_kode="9901012999")
    assert (unknown["metode"], unknown["kode_hasil"]) == ("exact", "9901012001")
    assert unknown["kandidat"] == "kode tidak ada di gazetir / code not in gazetteer"
    unusable = _row(res.report, "desa", "SAMBONGREJO", input_kode="9.90101E+09")
    assert unusable["kandidat"] == "kode tidak valid / unusable code"
    # names of areas resolved by code are not matched: the kab row counts only the others
    assert _row(res.report, "kab", "KAB CONTOH")["jumlah_baris"] == 7


def test_valid_code_of_another_kabupaten_is_outside_the_area(tiny):
    # a province-wide P3KE file read against a boundary file without kabupaten 99.03
    areas = _areas({
        "other_kab": ("", "KAB LAIN SEKALI", "X", "MEKARJAYA", "99.03.01.2001", 5),
        "same_kab_unknown": ("", "KAB CONTOH", "SUKAMAJU", "SAMBONG", "9901012999", 2),
    })
    res = resolve_areas(areas, tiny)
    assert res.metode.to_dict() == {"other_kab": "not_in_area", "same_kab_unknown": "exact"}
    assert res.kode_desa["other_kab"] is None
    row = _row(res.report, "desa", "MEKARJAYA")
    assert row["metode"] == "not_in_area" and row["jumlah_baris"] == 5
    assert "outside the boundary file" in row["kandidat"]
    assert "MEKARJAYA" not in set(res.review["input_nama"])


def test_report_shape_order_and_determinism(tiny):
    cases = {
        f"r{i}": case for i, case in enumerate([
            ("", "KAB CONTOH", "SUKAMAJU", "SAMBONGREJO", None, 3),
            ("", "KAB CONTOH", "SUKAMAJU", "SAMBONGREJ0", None, 1),
            ("", "KOTA CONTOH", "CONTOH UTARA", "SAMBONGREJO", None, 2),
            ("", "KAB CONTOH", "SUKAMULYA", "KRAJAN", None, 5),
            ("", "CONTOH", "SUKAMAJU", "SAMBONG", None, 7),
            ("", "KAB CONTOH", "SUKAMAJU", "KEDUNGREJE", "123", 11),
        ])}
    areas = _areas(cases)
    res = resolve_areas(areas, tiny)
    report = res.report
    assert list(report.columns) == REPORT_COLUMNS
    assert list(res.review.columns) == REPORT_COLUMNS
    assert report["tingkat"].tolist() == ["kab"] * 3 + ["kec"] * 4 + ["desa"] * 6
    assert report["jumlah_baris"].dtype == "int64"
    # every area has exactly one desa row: the desa rows add up to the input rows
    assert report.loc[report["tingkat"] == "desa", "jumlah_baris"].sum() == 29
    assert set(res.review["metode"]) == {"ambiguous", "unmatched"}
    assert len(res.review) == int(report["metode"].isin(["ambiguous", "unmatched"]).sum())
    # same input in another order -> same report, results aligned with the index
    shuffled = areas.iloc[[5, 2, 0, 4, 1, 3]]
    again = resolve_areas(shuffled, tiny)
    pd.testing.assert_frame_equal(again.report, report)
    assert again.kode_desa.to_dict() == res.kode_desa.to_dict()
    assert list(again.kode_desa.index) == list(shuffled.index)


def test_areas_as_the_build_passes_them(tiny):
    """String dtype with NA, no n_rows column, extra columns ignored."""
    areas = pd.DataFrame({"prov": [pd.NA, "PROVINSI CONTOH"],
                          "kab": ["KAB CONTOH", "KAB CONTOH"],
                          "kec": ["SUKAMAJU", pd.NA],
                          "desa": ["SAMBONG", "SUMBEREJO"],
                          "kode": [pd.NA, pd.NA], "extra": [1, 2]}, dtype="string",
                         index=[10, 20])
    res = resolve_areas(areas, tiny)
    assert res.kode_desa.to_dict() == {10: "9901012002", 20: "9901012003"}
    assert res.report["jumlah_baris"].tolist() == [1, 1, 1, 1, 1, 1]
    empty = resolve_areas(areas.iloc[:0], tiny)
    assert empty.report.empty and list(empty.report.columns) == REPORT_COLUMNS
    assert len(empty.kode_desa) == 0


def test_gazetteer_with_dotted_codes_and_no_optional_columns(tiny):
    gaz = tiny.drop(columns=["jenis", "kode_kec", "kode_kab", "kode_prov", "nama_prov"])
    gaz["kode_desa"] = gaz["kode_desa"].str.replace(
        r"(\d\d)(\d\d)(\d\d)(\d{4})", r"\1.\2.\3.\4", regex=True)
    res = _one(gaz, "Kel. Karanganyar", kab="KOTA CONTOH", kec="CONTOH UTARA")
    assert res.metode.tolist() == ["unmatched"]             # Karanganyar is in Kab. Contoh
    res = _one(gaz, "Kel. Karanganyar")
    assert res.kode_desa.tolist() == ["9901011007"]         # kind from the code
    with pytest.raises(InputError) as err:
        resolve_areas(_areas({}), tiny.drop(columns="nama_kec"))
    assert "nama_kec" in str(err.value)


# --------------------------------------------------------------------------------------------
# mapping CSV
# --------------------------------------------------------------------------------------------

def _mapping(tmp_path, rows, name="mapping.csv"):
    df = pd.DataFrame(rows, columns=MAPPING_COLUMNS)
    return write_mapping(df, tmp_path / name)


def test_mapping_overrides_matching_and_marks_not_in_area(tiny, tmp_path):
    path = _mapping(tmp_path, [
        ("desa", "990101", "SAMBONGREJ0", "9901012002"),       # overrides a fuzzy match
        ("desa", "990101", "Kedungreje", "99.01.01.2006"),     # decides an ambiguous one
        ("desa", "990102", "krajan", "9901022003"),            # decides twins
        ("kab", "99", "Kabupaten Luar", "-"),                  # not in this area
        ("desa", "990101", "Sukasari", ""),                    # not in this area (empty)
    ])
    mapping = read_mapping(path)
    assert mapping[MAPPING_COLUMNS].values.tolist() == [
        ["desa", "990101", "SAMBONGREJ0", "9901012002"],
        ["desa", "990101", "Kedungreje", "9901012006"],
        ["desa", "990102", "krajan", "9901022003"],
        ["kab", "99", "Kabupaten Luar", "-"],
        ["desa", "990101", "Sukasari", "-"],
    ]
    assert mapping["_row"].tolist() == [2, 3, 4, 5, 6]
    areas = _areas({
        "typo": ("PROVINSI CONTOH", "KAB CONTOH", "SUKAMAJU", "SAMBONGREJ0", None, 1),
        "ambig": ("PROVINSI CONTOH", "KAB CONTOH", "SUKAMAJU", "KEDUNGREJE", None, 2),
        "twin": ("PROVINSI CONTOH", "KAB CONTOH", "SUKAMULYA", "KRAJAN", None, 3),
        "out_kab": ("PROVINSI CONTOH", "KAB. LUAR", "ANYWHERE", "SOMEWHERE", None, 4),
        "out_desa": ("PROVINSI CONTOH", "KAB CONTOH", "SUKAMAJU", "SUKA SARI", None, 5),
    })
    res = resolve_areas(areas, tiny, mapping=mapping)
    assert res.kode_desa.to_dict() == {"typo": "9901012002", "ambig": "9901012006",
                                       "twin": "9901022003", "out_kab": None, "out_desa": None}
    assert res.metode.to_dict() == {"typo": "mapping", "ambig": "mapping", "twin": "mapping",
                                    "out_kab": "not_in_area", "out_desa": "not_in_area"}
    assert res.review.empty
    typo = _row(res.report, "desa", "SAMBONGREJ0")
    assert (typo["kode_hasil"], typo["nama_hasil"]) == ("9901012002", "Sambong")
    out = _row(res.report, "kab", "KAB. LUAR")
    assert (out["metode"], out["kode_hasil"], out["jumlah_baris"]) == ("not_in_area", "", 4)
    child = _row(res.report, "desa", "SOMEWHERE")
    assert child["metode"] == "not_in_area"
    assert child["kandidat"] == "induk di luar wilayah / parent not in this area: kab 'KAB. LUAR'"
    # a path works as well as a frame
    assert resolve_areas(areas, tiny, mapping=path).kode_desa.equals(res.kode_desa)


def test_mapping_keeps_kinds_apart(tiny, tmp_path):
    """A decision for the bare name does not apply to 'Kota ...' (another key)."""
    path = _mapping(tmp_path, [("kab", "99", "CONTOH", "9901")])
    areas = _areas({"bare": ("", "Contoh", "SUKAMAJU", "SAMBONG", None, 1),
                    "kota": ("", "Kota Contoh", "CONTOH UTARA", "SAMBONGREJO", None, 1)})
    res = resolve_areas(areas, tiny, mapping=read_mapping(path))
    assert res.kode_desa.to_dict() == {"bare": None, "kota": "9971011001"}
    # the entry's parent is 99: it applies only where the province was given
    areas.loc["bare", "prov"] = "Provinsi Contoh"
    assert resolve_areas(areas, tiny, mapping=path).kode_desa["bare"] == "9901012002"


def test_mapping_round_trip_and_formats(tmp_path):
    df = pd.DataFrame({"tingkat": ["desa", "kabupaten"], "induk_kode": ["33.16.06", None],
                       "input_nama": ["Sambong Rejo", "Semarang"], "kode": ["33.16.06.2002", None],
                       "other": [1, 2]})
    path = write_mapping(df, tmp_path / "m.csv")
    assert path.read_text(encoding="utf-8") == (
        "tingkat,induk_kode,input_nama,kode\n"
        "desa,331606,Sambong Rejo,3316062002\n"
        "kab,,Semarang,-\n")
    back = read_mapping(path)
    assert back.attrs["file"] == "m.csv"
    assert back[MAPPING_COLUMNS].values.tolist() == [
        ["desa", "331606", "Sambong Rejo", "3316062002"], ["kab", "", "Semarang", "-"]]
    # semicolons, BOM, Windows-1252 and upper-case headers from Excel
    semi = tmp_path / "semi.csv"
    semi.write_bytes("\ufeffTINGKAT;Induk_Kode;Input_Nama;Kode\r\n"
                     "desa;331606;Sambong Réjo;3316062002\r\n".encode("utf-8"))
    assert read_mapping(semi)["input_nama"].tolist() == ["Sambong Réjo"]
    latin = tmp_path / "latin.csv"
    latin.write_bytes("tingkat,induk_kode,input_nama,kode\ndesa,331606,Sambong Réjo,-\n"
                      .encode("cp1252"))
    assert read_mapping(latin)["input_nama"].tolist() == ["Sambong Réjo"]


@pytest.mark.parametrize("content, row, column, words", [
    ("tingkat,induk_kode,nama,kode\ndesa,331606,X,3316062002\n", 1, "input_nama",
     "tidak ada"),
    ("tingkat,induk_kode,input_nama,kode\ndesa,331606,X,3316062002\ndusun,331606,Y,-\n",
     3, "tingkat", "tidak dikenal"),
    ("tingkat,induk_kode,input_nama,kode\ndesa,331606,,3316062002\n", 2, "input_nama",
     "kosong"),
    ("tingkat,induk_kode,input_nama,kode\ndesa,331606,X,3.31606E+09\n", 2, "kode",
     "bukan kode"),
    ("tingkat,induk_kode,input_nama,kode\nkec,33.16.06,X,331601\n", 2, "induk_kode",
     "bukan kode"),
    ("tingkat,induk_kode,input_nama,kode\ndesa,331606,Sambong Rejo,3316062002\n"
     "desa,331606,SAMBONGREJO,3316062004\n", 3, "kode", "baris 2"),
])
def test_bad_mapping_file_names_file_row_column(tmp_path, content, row, column, words):
    path = tmp_path / "keputusan.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_mapping(path)
    e = err.value
    assert (e.file, e.row, e.column) == ("keputusan.csv", row, column)
    text = str(e)
    assert f"berkas keputusan.csv, baris {row}, kolom {column}" in text
    assert f"file keputusan.csv, row {row}, column {column}" in text
    assert words in text


def test_mapping_code_not_in_gazetteer(tiny, tmp_path):
    path = _mapping(tmp_path, [("desa", "990101", "SAMBONG", "9901012002"),
                               ("desa", "990101", "X", "9901012099")])
    with pytest.raises(InputError) as err:
        resolve_areas(_areas({"a": ("", "KAB CONTOH", "SUKAMAJU", "X", None, 1)}), tiny,
                      mapping=read_mapping(path))
    assert (err.value.file, err.value.row, err.value.column) == ("mapping.csv", 3, "kode")
    assert "9901012099" in str(err.value) and "gazetteer" in str(err.value)
    with pytest.raises(InputError) as err:
        read_mapping(tmp_path / "missing.csv")
    assert err.value.file == "missing.csv"


# --------------------------------------------------------------------------------------------
# real names and real twins (shared reference data)
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real_gazetteer(shared_data) -> pd.DataFrame:
    """Jawa Barat, Jawa Tengah, Kalimantan Tengah/Selatan and Sulawesi Utara, codes undotted."""
    gaz = pd.read_csv(shared_data / "desa_kelurahan_indonesia.csv", dtype=str)
    gaz = gaz[gaz["kode_prov"].isin(["32", "33", "62", "63", "71"])].reset_index(drop=True)
    for col in ("kode_desa", "kode_kec", "kode_kab", "kode_prov"):
        gaz[col] = gaz[col].str.replace(".", "", regex=False)
    return gaz


JT, JB = "JAWA TENGAH", "Jawa Barat"
REAL = {
    # Kec. Sambong, Kab. Blora (33.16.06): one desa written four ways, and its neighbour
    "sr_upper": (JT, "BLORA", "SAMBONG", "SAMBONGREJO", None, 40),
    "sr_spaced": ("Prov. Jawa Tengah", "Kab. Blora", "Kec. Sambong", "Sambong Rejo", None, 3),
    "sr_desa": (JT, "KABUPATEN BLORA", "SAMBONG", "Desa Sambongrejo", None, 2),
    "sr_typo": (JT, "BLORA", "SAMBONG", "SAMBONGREJ0", None, 1),
    "sr_kel": (JT, "BLORA", "SAMBONG", "Kel. Sambongrejo", None, 1),
    "sambong": (JT, "BLORA", "SAMBONG", "SAMBONG", None, 9),
    # Excel-damaged codes (P3KE): Gadu 33.16.06.2003
    "code_float": (JT, "BLORA", "SAMBONG", "GADU", 3316062003.0, 5),
    "code_dotted": (JT, "BLORA", "SAMBONG", "GADU", "33.16.06.2003", 5),
    "code_apos": (JT, "BLORA", "SAMBONG", "GADU", "'3316062003", 5),
    "code_sci": (JT, "BLORA", "SAMBONG", "GADU", "3.31606E+09", 5),
    "code_unknown": (JT, "BLORA", "SAMBONG", "GADU", "3316062099", 5),
    "code_wins": (JT, "BLORA", "SAMBONG", "SAMBONGREJO", "3316062003", 1),
    # Kabupaten vs Kota
    "kota_smg": (JT, "KOTA SEMARANG", "TUGU", "MANGUNHARJO", None, 6),
    "kab_smg": (JT, "Kab. Semarang", "UNGARAN BARAT", "Kel. Candirejo", None, 6),
    "smg": (JT, "SEMARANG", "TUGU", "MANGUNHARJO", None, 6),
    "kab_bdg": (JB, "KABUPATEN BANDUNG", "BANJARAN", "BANJARAN WETAN", None, 1),
    "kota_bdg": (JB, "Kota Bandung", "SUKASARI", "Kel. Gegerkalong", None, 1),
    "bdg": (JB, "BANDUNG", "SUKASARI", "GEGERKALONG", None, 1),
    "kota_bdg_in_kab": (JB, "Kota Bandung", "BANJARAN", "BANJARAN WETAN", None, 1),
    # Kabupaten names that start with "Kota"
    "kotabaru": ("KALIMANTAN SELATAN", "KOTABARU", "PULAU SEMBILAN", "LABUAN BARAT", None, 1),
    "kota_baru": ("KALSEL", "Kota Baru", "PULAU SEMBILAN", "LABUAN BARAT", None, 1),
    "kab_kota_baru": (None, "Kabupaten Kota Baru", "PULAU SEMBILAN", "LABUAN BARAT", None, 1),
    # Kec. Kesugihan, Kab. Cilacap (33.01.02): Kesugihan / Kesugihan Kidul, Kuripan / Kidul
    "kesugihan": (JT, "CILACAP", "KESUGIHAN", "KESUGIHAN", None, 8),
    "kesugihan_kidul": (JT, "CILACAP", "KESUGIHAN", "KESUGIHAN KIDUL", None, 8),
    "kesugihankidul": (JT, "CILACAP", "KESUGIHAN", "KESUGIHANKIDUL", None, 1),
    "kesugihan_typo": (JT, "CILACAP", "KESUGIHAN", "KESUGIHANN", None, 1),
    "kesugihan_kidl": (JT, "CILACAP", "KESUGIHAN", "KESUGIHAN KIDL", None, 1),
    "kuripan_kidul": (JT, "CILACAP", "KESUGIHAN", "Desa Kuripan Kidul", None, 1),
    # Kec. Sokaraja, Kab. Banyumas (33.02.19): five direction villages, no plain Sokaraja
    "sokaraja_lor": (JT, "BANYUMAS", "SOKARAJA", "SOKARAJA LOR", None, 1),
    "sokaraja": (JT, "BANYUMAS", "SOKARAJA", "SOKARAJA", None, 1),
    # Kec. Purbalingga (33.03.05): kelurahan with direction words
    "pbg_lor": (JT, "PURBALINGGA", "PURBALINGGA", "Kel. Purbalingga Lor", None, 1),
    "pbg_lor_desa": (JT, "PURBALINGGA", "PURBALINGGA", "Desa Purbalingga Lor", None, 1),
    # Kec. Temanggung (33.23.03): kelurahan Temanggung I and Temanggung II
    "tmg_1": (JT, "TEMANGGUNG", "TEMANGGUNG", "Kel. Temanggung 1", None, 1),
    "tmg_2": (JT, "TEMANGGUNG", "TEMANGGUNG", "TEMANGGUNG II", None, 1),
    "tmg": (JT, "TEMANGGUNG", "TEMANGGUNG", "TEMANGGUNG", None, 1),
    "tmg_3": (JT, "TEMANGGUNG", "TEMANGGUNG", "TEMANGGUNG III", None, 1),
    # Kec. Sonder, Kab. Minahasa (71.02.11): two desa called Tounelet Satu, numeral words
    "tounelet": ("SULAWESI UTARA", "MINAHASA", "SONDER", "TOUNELET SATU", None, 3),
    "tounelet_1": ("SULUT", "Kab. Minahasa", "Sonder", "Tounelet 1", None, 2),
    "tounelet_code": ("SULAWESI UTARA", "MINAHASA", "SONDER", "TOUNELET SATU",
                      "71.02.11.2018", 1),
    "leilem": ("SULAWESI UTARA", "MINAHASA", "SONDER", "LEILEM", None, 1),
    "leilem_2": ("SULAWESI UTARA", "MINAHASA", "SONDER", "Leilem 2", None, 1),
    "kauneran_i": ("SULAWESI UTARA", "MINAHASA", "SONDER", "KAUNERAN I", None, 1),
}


@pytest.fixture(scope="module")
def real(real_gazetteer):
    return resolve_areas(_areas(REAL), real_gazetteer)


def test_real_sambong_name_variants(real):
    k = real.kode_desa
    assert [k[c] for c in ("sr_upper", "sr_spaced", "sr_desa", "sr_typo")] == ["3316062002"] * 4
    assert k["sambong"] == "3316062004"                 # Sambong, not Sambongrejo
    assert real.metode["sr_typo"] == "fuzzy"
    assert _row(real.report, "desa", "SAMBONGREJ0")["skor"] == 90.9
    assert k["sr_kel"] is None                          # Sambongrejo is a desa
    kel = _row(real.review, "desa", "Kel. Sambongrejo")
    assert kel["kandidat"].startswith("Sambongrejo (3316062002) 100.0")
    assert _row(real.report, "kec", "SAMBONG")["kode_hasil"] == "331606"
    assert _row(real.report, "kab", "BLORA")["kode_hasil"] == "3316"


def test_real_excel_damaged_codes(real):
    k, m = real.kode_desa, real.metode
    for case in ("code_float", "code_dotted", "code_apos"):
        assert (k[case], m[case]) == ("3316062003", "kode")
    assert (k["code_wins"], m["code_wins"]) == ("3316062003", "kode")
    for case, note in (("code_sci", "kode tidak valid / unusable code"),
                       ("code_unknown", "kode tidak ada di gazetir / code not in gazetteer")):
        assert (k[case], m[case]) == ("3316062003", "exact")
        row = _row(real.report, "desa", "GADU", input_kode=REAL[case][4])
        assert row["kandidat"] == note
    # report rows keep the code as written (the float as its digits) and the name as written
    coded = real.report[(real.report["metode"] == "kode")
                        & (real.report["kode_hasil"] == "3316062003")]
    assert sorted(zip(coded["input_kode"], coded["input_nama"], coded["jumlah_baris"])) == [
        ("'3316062003", "GADU", 5), ("33.16.06.2003", "GADU", 5), ("3316062003", "GADU", 5),
        ("3316062003", "SAMBONGREJO", 1)]


@pytest.mark.parametrize("prov, name, kab, kota", [
    ("JAWA TENGAH", "SEMARANG", "3322", "3374"),
    ("JAWA TENGAH", "MAGELANG", "3308", "3371"),
    ("JAWA TENGAH", "TEGAL", "3328", "3376"),
    ("JAWA TENGAH", "PEKALONGAN", "3326", "3375"),
    ("JAWA BARAT", "BANDUNG", "3204", "3273"),
])
def test_real_kabupaten_and_kota_never_mix(real_gazetteer, prov, name, kab, kota):
    areas = _areas({
        "kab": (prov, f"Kab. {name.title()}", None, None, None, 1),
        "kabupaten": (prov, f"KABUPATEN {name}", None, None, None, 1),
        "kota": (prov, f"KOTA {name}", None, None, None, 1),
        "kot": (prov, f"Kot. {name.title()}", None, None, None, 1),
        "bare": (prov, name, None, None, None, 1),
        "kota_typo": (prov, f"KOTA {name}X", None, None, None, 1),
    })
    report = resolve_areas(areas, real_gazetteer).report
    kabs = report[report["tingkat"] == "kab"].set_index("input_nama")
    assert kabs.loc[f"Kab. {name.title()}", "kode_hasil"] == kab
    assert kabs.loc[f"KABUPATEN {name}", "kode_hasil"] == kab
    assert kabs.loc[f"KOTA {name}", "kode_hasil"] == kota
    assert kabs.loc[f"Kot. {name.title()}", "kode_hasil"] == kota
    bare = kabs.loc[name]
    assert (bare["metode"], bare["kode_hasil"]) == ("ambiguous", "")
    assert bare["kandidat"] == (f"Kabupaten {name.title()} ({kab}) 100.0; "
                                f"Kota {name.title()} ({kota}) 100.0")
    # a typo after "KOTA" is only compared with kota: never the kabupaten
    assert kabs.loc[f"KOTA {name}X", "kode_hasil"] == kota


def test_real_bare_shared_name_with_one_of_the_two(real_gazetteer):
    """A boundary file of Kabupaten Semarang only: bare "SEMARANG" is the kabupaten when the
    kecamatan beneath is one of its own, and goes to review when it is not (Tugu is in the
    Kota); a typo of the bare name is never guessed."""
    kab_only = real_gazetteer[real_gazetteer["kode_kab"] == "3322"]
    areas = _areas({"bare": (JT, "SEMARANG", "UNGARAN BARAT", "Kel. Candirejo", None, 1),
                    "bare_kota": (JT, "SEMARANG", "TUGU", "MANGUNHARJO", None, 2),
                    "typo": (JT, "SEMARANGG", "UNGARAN BARAT", "Kel. Candirejo", None, 1),
                    "kab": (JT, "KAB SEMARANG", "UNGARAN BARAT", "Kel. Candirejo", None, 1),
                    "kota": (JT, "KOTA SEMARANG", "TUGU", "MANGUNHARJO", None, 1)})
    res = resolve_areas(areas, kab_only)
    assert res.kode_desa.to_dict() == {"bare": "3322181006", "bare_kota": None, "typo": None,
                                       "kab": "3322181006", "kota": None}
    kab = res.report[res.report["tingkat"] == "kab"]
    bare = kab[kab["input_nama"] == "SEMARANG"].set_index("metode")
    assert (bare.loc["konteks", "kode_hasil"], bare.loc["konteks", "jumlah_baris"]) == ("3322", 1)
    assert bare.loc["konteks", "kandidat"] == (
        "tanpa 'Kab.'/'Kota': ditentukan oleh nama kecamatan di bawahnya / without "
        "'Kab.'/'Kota': decided by the kecamatan name beneath")
    assert (bare.loc["ambiguous", "kode_hasil"], bare.loc["ambiguous", "jumlah_baris"]) == ("", 2)
    assert bare.loc["ambiguous", "kandidat"] == (
        "Kabupaten Semarang (3322) 100.0; tanpa 'Kab.'/'Kota': nama ini milik kabupaten dan "
        "kota / without 'Kab.'/'Kota': both a kabupaten and a kota have this name; nama "
        "kecamatan tidak ada di bawahnya / the kecamatan name is not under it")
    assert _row(res.review, "kab", "SEMARANGG")["metode"] == "ambiguous"
    assert _row(res.review, "kab", "KOTA SEMARANG")["metode"] == "unmatched"
    # no name beneath: the boundary file holds one of the two, so that one
    alone = resolve_areas(_areas({"a": (JT, "SEMARANG", None, None, None, 1)}), kab_only)
    assert _row(alone.report, "kab", "SEMARANG")["metode"] == "konteks"
    # Blora is no such name: written bare it is simply Kabupaten Blora
    blora = real_gazetteer[real_gazetteer["kode_kab"] == "3316"]
    one = resolve_areas(_areas({"b": (JT, "BLORA", "SAMBONG", "GADU", None, 1)}), blora)
    assert one.kode_desa["b"] == "3316062003"


def test_real_kabupaten_kota_chains(real):
    k = real.kode_desa
    assert k["kota_smg"] == "3374161007"
    assert k["kab_smg"] == "3322181006"
    assert k["kab_bdg"] == "3204132002"
    assert k["kota_bdg"] == "3273011002"
    # bare SEMARANG / BANDUNG: the kecamatan beneath (Tugu, Sukasari) is only in the Kota
    assert (k["smg"], real.metode["smg"]) == ("3374161007", "exact")
    assert k["bdg"] == "3273011002"
    smg = _row(real.report, "kab", "SEMARANG")
    assert (smg["metode"], smg["kode_hasil"], smg["jumlah_baris"]) == ("konteks", "3374", 6)
    # Banjaran is a kecamatan of Kabupaten Bandung, not of Kota Bandung
    assert k["kota_bdg_in_kab"] is None
    assert _row(real.report, "kec", "BANJARAN", induk_kode="3273")["metode"] == "unmatched"
    child = _row(real.report, "kec", "BANJARAN", induk_kode="3273")
    assert child["kandidat"] == ("Antapani (327320) 62.5; Babakan Ciparay (327303) 54.5; "
                                 "Astanaanyar (327310) 52.6")


def test_real_kabupaten_named_kota(real):
    k = real.kode_desa
    assert k["kotabaru"] == k["kota_baru"] == k["kab_kota_baru"] == "6302012001"
    assert _row(real.report, "kab", "Kota Baru")["metode"] == "exact"
    assert _row(real.report, "prov", "KALSEL")["kode_hasil"] == "63"


def test_real_direction_word_twins(real):
    k = real.kode_desa
    assert k["kesugihan"] == "3301022003"
    assert k["kesugihan_kidul"] == k["kesugihankidul"] == "3301022016"
    assert k["kuripan_kidul"] == "3301022014"
    # a typo in the base name is accepted: the runner-up Kesugihan Kidul is far
    assert (k["kesugihan_typo"], real.metode["kesugihan_typo"]) == ("3301022003", "fuzzy")
    # a typo that drops the direction word's meaning is not
    kidl = _row(real.review, "desa", "KESUGIHAN KIDL")
    assert (kidl["metode"], kidl["skor"]) == ("ambiguous", 96.3)
    assert kidl["kandidat"].startswith("Kesugihan Kidul (3301022016) 96.3; "
                                       "Kesugihan (3301022003)")
    assert k["sokaraja_lor"] == "3302192013"
    soka = _row(real.review, "desa", "SOKARAJA")
    assert soka["metode"] == "unmatched"
    assert soka["kandidat"] == ("Sokaraja Lor (3302192013) 84.2; Sokaraja Kidul (3302192005) "
                                "76.2; Sokaraja Wetan (3302192008) 76.2")
    assert k["pbg_lor"] == "3303051011"
    assert k["pbg_lor_desa"] is None                    # Purbalingga Lor is a kelurahan


def test_real_numeral_twins(real):
    k = real.kode_desa
    assert k["tmg_1"] == "3323031001" and k["tmg_2"] == "3323031002"
    tmg = _row(real.review, "desa", "TEMANGGUNG")
    assert (tmg["metode"], tmg["skor"]) == ("ambiguous", 95.2)
    assert tmg["kandidat"].startswith("Temanggung I (3323031001) 95.2; "
                                      "Temanggung II (3323031002) 95.2")
    assert _row(real.review, "desa", "TEMANGGUNG III")["metode"] == "ambiguous"
    assert k["tmg"] is None and k["tmg_3"] is None
    assert k["leilem"] == "7102112001"
    assert k["leilem_2"] == "7102112011"                # Leilem Dua
    assert k["kauneran_i"] == "7102112014"              # Kauneran Satu


def test_real_twin_villages(real):
    """Kec. Sonder has two desa called Tounelet Satu (71.02.11.2003 and .2018)."""
    k = real.kode_desa
    assert k["tounelet"] is None and k["tounelet_1"] is None
    assert k["tounelet_code"] == "7102112018"
    twin = _row(real.review, "desa", "TOUNELET SATU")
    assert (twin["metode"], twin["induk_kode"], twin["jumlah_baris"]) == (
        "ambiguous", "710211", 3)
    assert twin["kandidat"] == ("Tounelet Satu (7102112003) 100.0; "
                                "Tounelet Satu (7102112018) 100.0")
    assert _row(real.review, "desa", "Tounelet 1")["jumlah_baris"] == 2


def test_real_mapping_settles_a_twin(real_gazetteer, tmp_path):
    path = _mapping(tmp_path, [("desa", "71.02.11", "Tounelet Satu", "71.02.11.2003")])
    areas = _areas({"t": ("SULAWESI UTARA", "MINAHASA", "SONDER", "TOUNELET SATU", None, 3)})
    res = resolve_areas(areas, real_gazetteer, mapping=path)
    assert (res.kode_desa["t"], res.metode["t"]) == ("7102112003", "mapping")


def test_real_report_accounts_for_every_row(real):
    desa_rows = real.report[real.report["tingkat"] == "desa"]
    assert desa_rows["jumlah_baris"].sum() == sum(case[5] for case in REAL.values())
    assert real.review["metode"].isin(["ambiguous", "unmatched"]).all()
    assert not real.report["kode_hasil"].isna().any()


def test_real_fuzzy_on_distinct_names(real_gazetteer):
    """All 8,563 Jawa Tengah desa as distinct inputs, one letter changed in each."""
    jt = real_gazetteer[real_gazetteer["kode_prov"] == "33"]
    areas = pd.DataFrame({"prov": "JAWA TENGAH", "kab": jt["nama_kab"].str.upper(),
                          "kec": jt["nama_kec"].str.upper(),
                          "desa": jt["nama_desa"].str.upper().str[:-1] + "Q", "kode": None,
                          "n_rows": 1})
    res = resolve_areas(areas, jt)
    assert len(res.kode_desa) == 8_563
    accepted = res.metode == "fuzzy"
    assert accepted.sum() > 2_000
    # every automatic fuzzy decision is the right village
    assert (res.kode_desa[accepted] == jt.loc[accepted[accepted].index, "kode_desa"]).all()


# --------------------------------------------------------------------------------------------
# abbreviations offices write for direction and kind words
# --------------------------------------------------------------------------------------------

def test_demo_sumbersari_k_ranks_sumbersari_kidul_first():
    """The demo's Kecamatan Tegalasri holds Sumbersari and Sumbersari Kidul: ``SUMBRSRI K``
    (K = Kidul) offers Sumbersari Kidul first, but a lone letter never decides alone."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "data" / "demo" / "input" / "batas_desa.geojson"
    feats = json.loads(path.read_text(encoding="utf-8"))["features"]
    gaz = pd.DataFrame([f["properties"] for f in feats]).rename(columns={
        "KDEPUM": "kode_desa", "WADMKD": "nama_desa", "WADMKC": "nama_kec",
        "WADMKK": "nama_kab", "WADMPR": "nama_prov"})
    areas = _areas({"k": ("", "KAB CONTOH", "TEGALASRI", "SUMBRSRI K", None, 16),
                    "kdl": ("", "KAB CONTOH", "TEGALASRI", "SUMBRSRI KDL", None, 2)})
    res = resolve_areas(areas, gaz)
    row = _row(res.review, "desa", "SUMBRSRI K")
    assert (row["metode"], row["skor"]) == ("ambiguous", 92.9)
    assert row["kandidat"].startswith("Sumbersari Kidul (9901092014) 92.9; "
                                      "Sumbersari (9901092013) ")
    # KDL is unmistakably Kidul: the typo is accepted as Sumbersari Kidul
    assert (res.kode_desa["kdl"], res.metode["kdl"]) == ("9901092014", "fuzzy")


def test_real_direction_abbreviations(real_gazetteer):
    areas = _areas({
        "kdl": (JT, "CILACAP", "KESUGIHAN", "KESUGIHAN KDL", None, 1),
        "kd": (JT, "CILACAP", "KESUGIHAN", "Ds. Kuripan Kd", None, 1),
        "k": (JT, "CILACAP", "KESUGIHAN", "KESUGIHAN K", None, 2),
        "lr": (JT, "BANYUMAS", "SOKARAJA", "DS. SOKARAJA LR", None, 1),
        "wtn": (JT, "BANYUMAS", "SOKARAJA", "SOKARAJA WTN", None, 1),
        "tgh": (JT, "BANYUMAS", "SOKARAJA", "SOKARAJA TGH", None, 1),
        "kln": (JT, "BANYUMAS", "SOKARAJA", "SOKARAJA KLN", None, 1),
        "sokaraja_k": (JT, "BANYUMAS", "SOKARAJA", "SOKARAJA K", None, 1),
        "kel": (JT, "PURBALINGGA", "PURBALINGGA", "KEL. PURBALINGGA LR", None, 1),
        "kel_as_desa": (JT, "PURBALINGGA", "PURBALINGGA", "DS. PURBALINGGA LR", None, 1),
    })
    res = resolve_areas(areas, real_gazetteer)
    k = res.kode_desa
    assert (k["kdl"], res.metode["kdl"]) == ("3301022016", "exact")     # Kesugihan Kidul
    assert (k["kd"], res.metode["kd"]) == ("3301022014", "exact")       # Kuripan Kidul
    assert (k["lr"], res.metode["lr"]) == ("3302192013", "exact")       # Sokaraja Lor
    assert k["kel"] == "3303051011" and k["kel_as_desa"] is None
    names = dict(zip(real_gazetteer["kode_desa"], real_gazetteer["nama_desa"]))
    assert [names[k[c]] for c in ("wtn", "tgh", "kln")] == [
        "Sokaraja Wetan", "Sokaraja Tengah", "Sokaraja Kulon"]
    # a lone K reads Kidul where no Kulon twin exists; with both, a person decides
    assert (k["k"], res.metode["k"]) == ("3301022016", "exact")
    assert k["sokaraja_k"] is None
    assert _row(res.review, "desa", "SOKARAJA K")["kandidat"] == (
        "Sokaraja Kidul (3302192005) 100.0; Sokaraja Kulon (3302192016) 100.0")
