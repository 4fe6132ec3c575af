"""Aggregation rules on hand-made households: counts, zero vs missing, rates, roll-ups."""

from __future__ import annotations

import pandas as pd
import pytest

from layers.indicators.aggregate import (NO_ROWS_IN_KECAMATAN, add_rates, aggregate_desa,
                                         roll_up, subdesa_table)
from layers.settings import Settings

GAZ = pd.DataFrame({
    "kode_desa": ["9901012001", "9901012002", "9901012003", "9901022001", "9901022002"],
    "kode_kec": ["990101", "990101", "990101", "990102", "990102"],
    "kode_kab": ["9901"] * 5,
    "kode_prov": ["99"] * 5,
})


def _households(rows):
    cols = ["kode_desa", "desil", "pkh", "bpnt", "pbi", "bpum", "bst", "padan", "jiwa",
            "dusun", "rw"]
    df = pd.DataFrame(rows, columns=cols)
    df["kode_desa"] = df["kode_desa"].astype("string")
    df["desil"] = df["desil"].astype("Int64")
    for c in ("pkh", "bpnt", "pbi", "bpum", "bst", "padan"):
        df[c] = df[c].astype("boolean")
    df["jiwa"] = df["jiwa"].astype("Int64")
    return df


P3KE = _households([
    # desa 1: two desil-1 families, one without aid, one PKH
    ["9901012001", 1, True, False, None, False, False, True, None, None, None],
    ["9901012001", 1, False, False, None, False, False, True, None, None, None],
    # desa 1: desil 3 with BPNT but not matched to Dukcapil -> inclusion
    ["9901012001", 3, False, True, None, False, False, False, None, None, None],
    # desa 2: desil 4, only BST -> receives aid, not excluded
    ["9901012002", 4, False, False, None, False, True, True, None, None, None],
    # unresolved household: counted nowhere
    [None, 1, False, False, None, False, False, True, None, None, None],
])


def test_p3ke_counts_per_desa():
    out = aggregate_desa(P3KE, GAZ, layout="p3ke", programmes=["pkh", "bpnt", "bpum", "bst"])
    d1 = out.loc["9901012001"]
    assert d1["kk_terdaftar"] == 3
    assert d1["kk_desil_1"] == 2 and d1["kk_desil_3"] == 1 and d1["kk_desil_4"] == 0
    assert d1["kk_miskin_ekstrem"] == 2
    assert d1["kk_pkh"] == 1 and d1["kk_bpnt"] == 1
    assert d1["kk_desil_1_4_tanpa_bansos"] == 1
    assert d1["kk_inklusi"] == 1
    d2 = out.loc["9901012002"]
    assert d2["kk_terdaftar"] == 1 and d2["kk_desil_1_4_tanpa_bansos"] == 0


def test_indicator_the_layout_cannot_provide_is_missing_not_zero():
    out = aggregate_desa(P3KE, GAZ, layout="p3ke", programmes=["pkh", "bpnt", "bpum", "bst"])
    assert out["kk_pbi"].isna().all()
    assert out["jiwa_terdaftar"].isna().all()


def test_zero_only_where_the_kecamatan_has_rows():
    out = aggregate_desa(P3KE, GAZ, layout="p3ke", programmes=["pkh", "bpnt"])
    # desa 3 is in kecamatan 990101 which has rows: a true zero
    assert out.loc["9901012003", "kk_terdaftar"] == 0
    assert pd.isna(out.loc["9901012003", "alasan_kosong"])
    # kecamatan 990102 has no rows: empty with its reason
    assert out.loc["9901022001", "kk_terdaftar"] is pd.NA
    assert out.loc["9901022002", "alasan_kosong"] == NO_ROWS_IN_KECAMATAN


def test_covered_kecamatan_from_unresolved_desa_names_gives_zeros():
    out = aggregate_desa(P3KE, GAZ, layout="p3ke", programmes=["pkh"],
                         covered_kec={"990101", "990102"})
    assert out.loc["9901022001", "kk_terdaftar"] == 0


def test_inclusion_threshold_comes_from_settings():
    hh = _households([
        ["9901012001", 6, True, False, None, None, None, True, None, None, None],
        ["9901012001", 5, True, False, None, None, None, True, None, None, None],
    ])
    default = aggregate_desa(hh, GAZ, layout="p3ke", programmes=["pkh"])
    strict = aggregate_desa(hh, GAZ, layout="p3ke", programmes=["pkh"],
                            settings=Settings(inclusion_min_desil=6))
    assert default.loc["9901012001", "kk_inklusi"] == 2
    assert strict.loc["9901012001", "kk_inklusi"] == 1


def test_siks_persons_and_pbi():
    hh = _households([
        ["9901012001", None, True, False, True, None, None, True, 4, "Krajan", "1"],
        ["9901012001", None, False, False, False, None, None, False, 2, "Krajan", "002"],
        ["9901012002", None, False, True, True, None, None, None, 3, "Ngasem", "1"],
    ])
    out = aggregate_desa(hh, GAZ, layout="siks", programmes=["pkh", "bpnt", "pbi"])
    assert out.loc["9901012001", "jiwa_terdaftar"] == 6
    assert out.loc["9901012001", "kk_pbi"] == 1
    assert out.loc["9901012002", "kk_pbi"] == 1
    assert out["kk_desil_1"].isna().all()
    assert out["kk_desil_1_4_tanpa_bansos"].isna().all()
    sub = subdesa_table(hh, layout="siks", programmes=["pkh", "bpnt", "pbi"])
    krajan = sub[(sub.kode_desa == "9901012001") & (sub.dusun == "KRAJAN")]
    assert sorted(krajan["rw"]) == ["001", "002"]
    assert krajan["kk_terdaftar"].sum() == 2


def test_rates_are_recomputed_and_empty_when_denominator_is_zero():
    frame = pd.DataFrame({
        "kk_terdaftar": pd.array([10, 0, pd.NA], dtype="Int64"),
        "kk_pkh": pd.array([4, 0, pd.NA], dtype="Int64"),
        "kk_bpnt": pd.array([1, 0, pd.NA], dtype="Int64"),
        "kk_pbi": pd.array([pd.NA] * 3, dtype="Int64"),
        "kk_inklusi": pd.array([0, 0, pd.NA], dtype="Int64"),
        "kk_desil_1": pd.array([5, 0, pd.NA], dtype="Int64"),
        "kk_desil_2": pd.array([1, 0, pd.NA], dtype="Int64"),
        "kk_desil_3": pd.array([1, 0, pd.NA], dtype="Int64"),
        "kk_desil_4": pd.array([1, 0, pd.NA], dtype="Int64"),
        "kk_desil_1_4_tanpa_bansos": pd.array([2, 0, pd.NA], dtype="Int64"),
        "luas_km2": [2.5, 1.0, 3.0],
    })
    out = add_rates(frame)
    assert out.loc[0, "persen_pkh"] == 40.0
    assert out.loc[0, "persen_tanpa_bansos"] == 25.0
    assert out.loc[0, "kk_per_km2"] == 4.0
    assert out.loc[1, "persen_pkh"] is pd.NA        # 0 / 0 is not 0 %
    assert out.loc[1, "kk_per_km2"] == 0.0          # 0 households on 1 km2 is a real 0
    assert out.loc[2, "persen_pkh"] is pd.NA
    assert out["persen_pbi"].isna().all()


def test_roll_up_sums_counts_and_keeps_all_missing_missing():
    desa = pd.DataFrame({
        "kode_desa": ["a", "b", "c", "d"],
        "kode_kec": ["k1", "k1", "k2", "k2"],
        "kk_terdaftar": pd.array([3, 4, pd.NA, pd.NA], dtype="Int64"),
        "kk_pkh": pd.array([1, 2, pd.NA, pd.NA], dtype="Int64"),
    })
    out = roll_up(desa, "kecamatan", count_columns=["kk_terdaftar", "kk_pkh"],
                  coverage_columns={"desa_berdata": "kk_terdaftar"})
    assert out.loc["k1", "kk_terdaftar"] == 7 and out.loc["k1", "kk_pkh"] == 3
    assert out.loc["k2", "kk_terdaftar"] is pd.NA
    assert out.loc["k1", "jumlah_desa"] == 2 and out.loc["k2", "desa_berdata"] == 0
    rated = add_rates(out.assign(luas_km2=1.0, **{c: pd.array([pd.NA] * 2, dtype="Int64")
                                                   for c in ("kk_bpnt", "kk_pbi", "kk_inklusi",
                                                             "kk_desil_1", "kk_desil_2",
                                                             "kk_desil_3", "kk_desil_4",
                                                             "kk_desil_1_4_tanpa_bansos")}))
    # the kecamatan rate is 3/7, not the mean of the desa rates (1/3 and 2/4)
    assert rated.loc["k1", "persen_pkh"] == pytest.approx(42.8571, abs=1e-4)
