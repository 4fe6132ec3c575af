"""Priority ranking on hand-made desa frames whose order follows from the weights by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from layers.errors import InputError
from layers.ranking import (RankSpec, default_direction, default_spec, exclusion_table, explain,
                            format_weights, inclusion_table, natural_breaks, parse_weights,
                            rank_desa, reason_text)


def _desa(rows: list[dict], **cols) -> pd.DataFrame:
    """Desa frame: rows give kode_desa (10 digits) and optional jenis / names; cols give values."""
    base = []
    for r in rows:
        kode = r["kode_desa"]
        base.append({
            "kode_desa": kode, "nama_desa": r.get("nama", f"Desa {kode[-4:]}"),
            "jenis": r.get("jenis", "kelurahan" if kode[6] == "1" else "desa"),
            "kode_kec": kode[:6], "nama_kec": r.get("nama_kec", f"Kec {kode[4:6]}"),
            "kode_kab": kode[:4], "nama_kab": "Kabupaten Contoh",
            "kode_prov": kode[:2], "nama_prov": "Contoh",
        })
    frame = pd.DataFrame(base).astype("string")
    for name, values in cols.items():
        if all(v is None or isinstance(v, int) for v in values):
            frame[name] = pd.array(values, dtype="Int64")
        elif all(v is None or isinstance(v, (int, float)) for v in values):
            frame[name] = pd.array(values, dtype="Float64")
        else:
            frame[name] = pd.array(values, dtype="string")
    return frame


ABCD = [{"kode_desa": "9901012001", "nama": "A"}, {"kode_desa": "9901012002", "nama": "B"},
        {"kode_desa": "9901012003", "nama": "C"}, {"kode_desa": "9901012004", "nama": "D"}]


def _by_name(result, col="skor") -> dict:
    return dict(zip(result.table["nama_desa"], result.table[col]))


def _ranked_skor(result) -> dict:
    return dict(zip(result.ranked["nama_desa"], result.ranked["skor"]))


# ---------------------------------------------------------------------------------------------
# weights, order, contributions
# ---------------------------------------------------------------------------------------------

def test_order_follows_from_the_weights_by_hand():
    # a: 0, 10, 20, 40 -> minmax 0, .25, .5, 1 ; b: 100, 50, 0, 0 -> 1, .5, 0, 0
    desa = _desa(ABCD, a=[0, 10, 20, 40], b=[100, 50, 0, 0])
    r = rank_desa(desa, RankSpec(weights={"a": 1, "b": 3}))
    # normalised weights .25 / .75: A 75, B 6.25 + 37.5, C 12.5, D 25
    assert list(r.table["nama_desa"]) == ["A", "B", "D", "C"]
    assert _by_name(r) == {"A": 75.0, "B": 43.75, "D": 25.0, "C": 12.5}
    assert list(r.table["peringkat"]) == [1, 2, 3, 4]
    assert _by_name(r, "kontribusi_a") == {"A": 0.0, "B": 6.25, "D": 25.0, "C": 12.5}
    assert _by_name(r, "kontribusi_b") == {"A": 75.0, "B": 37.5, "D": 0.0, "C": 0.0}
    assert _by_name(r, "norm_a") == {"A": 0.0, "B": 0.25, "D": 1.0, "C": 0.5}
    # the other way round the same data gives the opposite order
    r2 = rank_desa(desa, RankSpec(weights={"a": 3, "b": 1}))
    assert list(r2.table["nama_desa"]) == ["D", "C", "B", "A"]
    assert _by_name(r2) == {"D": 75.0, "C": 37.5, "B": 31.25, "A": 25.0}
    # weights need not sum to 1: scaling them changes nothing
    r3 = rank_desa(desa, RankSpec(weights={"a": 6, "b": 2}))
    pd.testing.assert_frame_equal(r3.table, r2.table)
    assert [i["bobot_dinormalkan"] for i in r3.method["indikator"]] == [0.75, 0.25]
    assert [i["bobot"] for i in r3.method["indikator"]] == [6.0, 2.0]


def test_contributions_add_up_to_skor_and_explain_lists_them():
    desa = _desa(ABCD, a=[3, 7, 1, 9], b=[0.5, 0.1, 0.9, 0.3], c=[12, 40, 33, 0])
    r = rank_desa(desa, RankSpec(weights={"a": 1, "b": 2, "c": 0.5}))
    contrib = r.table[["kontribusi_a", "kontribusi_b", "kontribusi_c"]].sum(axis=1)
    assert ((contrib.round(2) - r.table["skor"]).abs() < 0.006).all()
    why = explain(r, "9901012002")
    assert list(why["kolom"]) == ["a", "b", "c"]
    row = r.table[r.table["kode_desa"] == "9901012002"].iloc[0]
    assert math.isclose(why["kontribusi"].sum(), row["skor"], abs_tol=0.006)
    assert math.isclose(why["bobot_dinormalkan"].sum(), 1.0)


def test_single_indicator_gives_that_indicators_order():
    values = [13, 2, 48, 7, 30, 21]
    rows = [{"kode_desa": f"99010120{i:02d}"} for i in range(1, 7)]
    desa = _desa(rows, kk_desil_1=values, other=[1, 2, 3, 4, 5, 6])
    r = rank_desa(desa, RankSpec(weights={"kk_desil_1": 1, "other": 0}))
    assert list(r.table["kk_desil_1"]) == sorted(values, reverse=True)
    assert list(r.table["peringkat"]) == [1, 2, 3, 4, 5, 6]
    assert r.indicators == ["kk_desil_1"]  # weight 0 = not used
    assert "kontribusi_other" not in r.table
    # skor is the min-max value x 100
    assert _by_name(r)["Desa 2003"] == 100.0 and _by_name(r)["Desa 2002"] == 0.0
    assert _by_name(r)["Desa 2001"] == round((13 - 2) / (48 - 2) * 100, 2)


def test_ties_share_the_lowest_rank_and_list_by_kode():
    rows = [{"kode_desa": f"99010120{i:02d}"} for i in (5, 3, 1, 4, 2, 6)]
    # 2005: 8, 2003: 10, 2001: 8, 2004: 8, 2002: 1, 2006: 0
    desa = _desa(rows, a=[8, 10, 8, 8, 1, 0])
    r = rank_desa(desa, RankSpec(weights={"a": 1}))
    t = r.table
    assert list(t["kode_desa"]) == ["9901012003", "9901012001", "9901012004", "9901012005",
                                    "9901012002", "9901012006"]
    assert list(t["peringkat"]) == [1, 2, 2, 2, 5, 6]
    # n = 6: prioritas 1 = peringkat <= 2, prioritas 2 = <= 4; the tie at the cut stays in tier 1
    assert list(t["prioritas"]) == [1, 1, 1, 1, 3, 3]


def test_equal_skor_from_different_indicators_is_a_tie():
    desa = _desa(ABCD, a=[1, 0, 0, 0], b=[0, 1, 0, 0])
    r = rank_desa(desa, RankSpec(weights={"a": 1, "b": 1}))
    assert _by_name(r, "peringkat") == {"A": 1, "B": 1, "C": 3, "D": 3}
    assert _by_name(r) == {"A": 50.0, "B": 50.0, "C": 0.0, "D": 0.0}


def test_tertile_tiers():
    rows = [{"kode_desa": f"99010120{i:02d}"} for i in range(1, 8)]
    desa = _desa(rows, a=[70, 60, 50, 40, 30, 20, 10])
    r = rank_desa(desa, RankSpec(weights={"a": 1}))
    # n = 7: ceil(7/3) = 3, ceil(14/3) = 5
    assert list(r.table["prioritas"]) == [1, 1, 1, 2, 2, 3, 3]


def test_jenks_tiers_follow_gaps_in_skor():
    rows = [{"kode_desa": f"99010120{i:02d}"} for i in range(1, 8)]
    desa = _desa(rows, a=[100, 98, 97, 50, 49, 2, 0])
    r = rank_desa(desa, RankSpec(weights={"a": 1}, tier_rule="jenks"))
    assert list(r.table["prioritas"]) == [1, 1, 1, 2, 2, 3, 3]
    r2 = rank_desa(_desa(rows, a=[5, 5, 5, 1, 1, 1, 1]),
                   RankSpec(weights={"a": 1}, tier_rule="jenks"))
    assert list(r2.table["prioritas"]) == [1, 1, 1, 2, 2, 2, 2]


def _classes(values) -> tuple[list[int], int]:
    """Class of each value (0 = lowest) by natural_breaks, exact, and the number of classes."""
    values = np.array(values, dtype=float)
    bounds = natural_breaks(values, k=3, sample=None)
    return np.searchsorted(bounds, values, side="left").tolist(), len(bounds)


def test_natural_breaks_is_exact_and_keeps_equal_values_together():
    # sums of squares: {0,1} {10,11,12} {30} is the best 3-way split
    assert natural_breaks([30.0, 0, 12, 1, 10, 11]).tolist() == [1.0, 12.0, 30.0]
    classes, k = _classes([30.0, 0, 12, 1, 10, 11])
    assert k == 3 and classes == [2, 0, 1, 0, 1, 1]
    # many equal values at a natural cut stay in one class
    classes, _ = _classes([0, 0, 0, 0, 5, 5, 5, 6, 20, 20.0])
    assert classes == [0, 0, 0, 0, 1, 1, 1, 1, 2, 2]
    classes, k = _classes([3.0, 1, 3])
    assert k == 2 and classes == [1, 0, 1]


def test_natural_breaks_exact_matches_brute_force_and_samples_only_large_inputs():
    rng = np.random.default_rng(3)
    for n in (7, 12, 40):
        values = np.round(rng.exponential(10, n), 1)
        ys = np.sort(values)
        splits = [(a, b) for a in range(1, n) for b in range(a + 1, n)
                  if ys[a - 1] < ys[a] and ys[b - 1] < ys[b]]

        def cost(a, b):
            return sum(((g - g.mean()) ** 2).sum() for g in (ys[:a], ys[a:b], ys[b:]))

        a, b = min(splits, key=lambda ab: cost(*ab))
        best = [ys[a - 1], ys[b - 1], ys[-1]]
        assert natural_breaks(values, k=3, sample=None).tolist() == pytest.approx(best)
    big = np.concatenate([rng.normal(10, 1, 900), rng.normal(100, 1, 300)])
    sampled = natural_breaks(big, k=2, sample=1000)
    assert sampled[-1] == big.max() and 12 < sampled[0] < 98
    assert natural_breaks(big, k=2, sample=1000).tolist() == sampled.tolist()


# ---------------------------------------------------------------------------------------------
# missing values, direction, normalisation
# ---------------------------------------------------------------------------------------------

def test_missing_indicator_gives_empty_skor_with_reason_and_no_reweighting():
    rows = ABCD + [{"kode_desa": "9901022001", "nama": "E"}]
    desa = _desa(rows, a=[0, 10, 20, 40, None], b=[100, 50, 0, 0, 1000],
                 alasan_kosong=[None, None, None, None, "kecamatan_tanpa_data"])
    r = rank_desa(desa, RankSpec(weights={"a": 1, "b": 3}))
    e = r.table[r.table["nama_desa"] == "E"].iloc[0]
    assert pd.isna(e["skor"]) and pd.isna(e["peringkat"]) and pd.isna(e["prioritas"])
    assert pd.isna(e["kontribusi_b"])  # not scored on the indicator it has
    assert e["alasan_kosong"] == "kosong:a=kecamatan_tanpa_data"
    assert r.table["nama_desa"].iloc[-1] == "E"  # left-out rows come last
    # E's extreme b does not move the others: same skor as without E
    assert _ranked_skor(r) == {"A": 75.0, "B": 43.75, "D": 25.0, "C": 12.5}
    assert r.method["diperingkat"] == 4 and r.method["tidak_diperingkat"] == {"kosong": 1}
    meta = {"alasan_kosong": {"kecamatan_tanpa_data": ["Tidak ada baris.", "No rows."]}}
    assert reason_text(e["alasan_kosong"], meta=meta) == \
        "Data kosong untuk indikator terpilih: a (Tidak ada baris.)"
    assert reason_text(e["alasan_kosong"], meta=meta, lang="en") == \
        "No data for a chosen indicator: a (No rows.)"
    assert reason_text(None) == ""


def test_zero_is_a_value_not_missing():
    desa = _desa(ABCD, a=[0, 0, 5, 10])
    r = rank_desa(desa, RankSpec(weights={"a": 1}))
    assert r.table["skor"].notna().all()
    assert _by_name(r) == {"D": 100.0, "C": 50.0, "A": 0.0, "B": 0.0}


def test_direction_lower_is_worse():
    desa = _desa(ABCD[:3], idm_nilai=[0.62, 0.45, 0.81], a=[1, 1, 1])
    assert default_direction("idm_nilai") == "lower"
    assert default_direction("p3ke_kk_desil_1") == "higher"
    r = rank_desa(desa, RankSpec(weights={"idm_nilai": 1}))
    assert list(r.table["nama_desa"]) == ["B", "A", "C"]
    assert _by_name(r) == {"B": 100.0, "A": round((0.81 - 0.62) / (0.81 - 0.45) * 100, 2),
                           "C": 0.0}
    assert r.method["indikator"][0]["arah"] == "lower"
    # the same column with direction "higher" reverses the order
    r2 = rank_desa(desa, RankSpec(weights={"idm_nilai": 1}, directions={"idm_nilai": "higher"}))
    assert list(r2.table["nama_desa"]) == ["C", "A", "B"]
    # an indicator equal in every desa contributes 0, it does not inflate the skor
    r3 = rank_desa(desa, RankSpec(weights={"a": 1, "idm_nilai": 1}))
    assert r3.table["kontribusi_a"].tolist() == [0.0, 0.0, 0.0]
    assert r3.table["skor"].max() == 50.0


def test_rank_normalisation_damps_an_outlier():
    desa = _desa(ABCD, a=[0, 1, 2, 1000], b=[10, 9, 0, 8])
    mm = rank_desa(desa, RankSpec(weights={"a": 1, "b": 1}))
    # minmax: a .000 .001 .002 1 ; b 1 .9 0 .8
    assert _by_name(mm) == {"D": 90.0, "A": 50.0, "B": 45.05, "C": 0.1}
    rk = rank_desa(desa, RankSpec(weights={"a": 1, "b": 1}, normalisation="rank"))
    # rank: a 0 1/3 2/3 1 ; b 1 2/3 0 1/3
    assert _by_name(rk) == {"D": 66.67, "A": 50.0, "B": 50.0, "C": 33.33}
    assert _by_name(rk, "peringkat") == {"D": 1, "A": 2, "B": 2, "C": 4}
    # tied values share the average rank; direction lower reverses
    tied = rank_desa(_desa(ABCD, a=[0, 5, 5, 9]), RankSpec(weights={"a": 1},
                                                            normalisation="rank"))
    assert _by_name(tied, "norm_a") == {"D": 1.0, "B": 0.5, "C": 0.5, "A": 0.0}
    low = rank_desa(_desa(ABCD, a=[0, 5, 5, 9]), RankSpec(weights={"a": 1}, normalisation="rank",
                                                          directions={"a": "lower"}))
    assert _by_name(low, "norm_a") == {"A": 1.0, "B": 0.5, "C": 0.5, "D": 0.0}


# ---------------------------------------------------------------------------------------------
# kelurahan, area, IDM
# ---------------------------------------------------------------------------------------------

KEC = [{"kode_desa": "9901011001", "nama": "K"},   # kelurahan (village part starts with 1)
       {"kode_desa": "9901012001", "nama": "A"}, {"kode_desa": "9901012002", "nama": "B"},
       {"kode_desa": "9901022001", "nama": "C", "nama_kec": "Lain"},
       {"kode_desa": "9901022002", "nama": "D", "nama_kec": "Lain"}]


def test_kelurahan_left_out_by_default_and_ranked_with_the_switch():
    desa = _desa(KEC, a=[50, 10, 20, 30, 0])
    r = rank_desa(desa, RankSpec(weights={"a": 1}))
    k = r.table[r.table["nama_desa"] == "K"].iloc[0]
    assert pd.isna(k["skor"]) and k["alasan_kosong"] == "kelurahan"
    assert "Dana Desa" in reason_text("kelurahan")
    assert "Musdes" in reason_text("kelurahan", lang="en")
    assert list(r.ranked["nama_desa"]) == ["C", "B", "A", "D"]
    assert _by_name(r)["C"] == 100.0  # normalised without the kelurahan
    assert r.method["tidak_diperingkat"] == {"kelurahan": 1}
    r2 = rank_desa(desa, RankSpec(weights={"a": 1}, include_kelurahan=True))
    assert list(r2.ranked["nama_desa"]) == ["K", "C", "B", "A", "D"]
    assert r2.table["alasan_kosong"].isna().all()


def test_area_filter_ranks_within_the_area():
    desa = _desa(KEC, a=[50, 10, 20, 30, 0])
    r = rank_desa(desa, RankSpec(weights={"a": 1}, area="99.01.02"))
    assert list(r.table["nama_desa"]) == ["C", "D"]
    assert list(r.table["peringkat"]) == [1, 2]
    assert r.method["wilayah"] == {"kode": "990102", "nama": "Lain", "tingkat": "kecamatan"}
    assert r.method["jumlah_desa"] == 2
    r2 = rank_desa(desa, RankSpec(weights={"a": 1}, area="990101"))
    assert list(r2.table["nama_desa"]) == ["B", "A", "K"]
    assert _ranked_skor(r2) == {"B": 100.0, "A": 0.0}
    with pytest.raises(InputError, match="99.01.09") as err:
        rank_desa(desa, RankSpec(weights={"a": 1}, area="99.01.09"))
    assert "No desa with area code" in str(err.value)
    with pytest.raises(InputError, match="2, 4, 6 atau 10"):
        rank_desa(desa, RankSpec(weights={"a": 1}, area="99.1"))


def test_idm_filter_and_status_as_indicator():
    desa = _desa(ABCD, a=[10, 20, 30, 40],
                 idm_status=["Tertinggal", "MANDIRI", "sangat  tertinggal", None])
    r = rank_desa(desa, RankSpec(weights={"a": 1},
                                 idm_filter=("SANGAT TERTINGGAL", "tertinggal")))
    assert list(r.ranked["nama_desa"]) == ["C", "A"]
    assert _by_name(r, "alasan_kosong")["B"] == "filter_idm"
    assert _by_name(r, "alasan_kosong")["D"] == "filter_idm"
    assert r.method["filter_idm"] == ["SANGAT TERTINGGAL", "TERTINGGAL"]
    # status as an ordinal indicator (1 = Sangat Tertinggal ... 5 = Mandiri), lower = priority
    s = rank_desa(desa, RankSpec(weights={"idm_status": 1}))
    assert list(s.ranked["nama_desa"]) == ["C", "A", "B"]
    assert list(s.ranked["idm_status"]) == [1.0, 2.0, 5.0]
    assert _by_name(s, "alasan_kosong")["D"] == "kosong:idm_status"
    with pytest.raises(InputError, match="Unknown IDM status"):
        RankSpec(weights={"a": 1}, idm_filter=("MISKIN",))
    with pytest.raises(InputError, match="no idm_status column"):
        rank_desa(desa.drop(columns="idm_status"),
                  RankSpec(weights={"a": 1}, idm_filter=("MAJU",)))


def test_refused_specs_are_bilingual_input_errors():
    desa = _desa(ABCD, a=[1, 2, 3, 4])
    with pytest.raises(InputError, match="not in the dataset") as err:
        rank_desa(desa, RankSpec(weights={"zzz": 1}))
    assert "tidak ada di dataset" in str(err.value) and "a" in str(err.value)
    with pytest.raises(InputError, match="No indicator has a weight"):
        rank_desa(desa, RankSpec(weights={"a": 0}))
    with pytest.raises(InputError, match="not a numeric indicator"):
        rank_desa(desa, RankSpec(weights={"nama_desa": 1}))
    with pytest.raises(InputError, match="Unknown normalisation"):
        RankSpec(weights={"a": 1}, normalisation="zscore")
    with pytest.raises(InputError, match="Unknown direction"):
        RankSpec(weights={"a": 1}, directions={"a": "up"})
    with pytest.raises(InputError, match=">= 0"):
        RankSpec(weights={"a": -1})
    with pytest.raises(InputError, match="Unknown tier rule"):
        RankSpec(weights={"a": 1}, tier_rule="quartile")


def test_top_keeps_ties_at_the_cut():
    rows = [{"kode_desa": f"99010120{i:02d}"} for i in range(1, 6)]
    r = rank_desa(_desa(rows, a=[9, 7, 7, 7, 1]), RankSpec(weights={"a": 1}))
    top = r.top(2)
    assert list(top.table["peringkat"]) == [1, 2, 2, 2]
    assert top.method["top"] == 2 and top.method["baris_top"] == 4
    with pytest.raises(InputError):
        r.top(0)


# ---------------------------------------------------------------------------------------------
# weights from text, defaults
# ---------------------------------------------------------------------------------------------

def test_parse_weights():
    assert parse_weights("a=2, b=1") == {"a": 2.0, "b": 1.0}
    assert parse_weights("a=0.5;b=0") == {"a": 0.5, "b": 0.0}
    assert format_weights({"a": 2.0, "b": 0.5}) == "a=2,b=0.5"
    assert parse_weights(format_weights({"x_y": 1.25})) == {"x_y": 1.25}
    for bad, msg in [("", "No weights"), ("a", "name=weight"), ("a=x", "not a number"),
                     ("a=-1", "not a number >= 0"), ("a=1,a=2", "given twice"),
                     ("a=0,b=0", "Every weight is 0"), ("a=0,5", "name=weight"),
                     ("=2", "empty name"), ("a=nan", "not a number")]:
        with pytest.raises(InputError, match=msg) as err:
            parse_weights(bad)
        assert err.value.column == "--weights"
        assert "\n" in str(err.value)  # Indonesian line, English line


def test_parse_weights_checks_names_against_the_dataset():
    cols = ["kode_desa", "nama_desa", "dtks_kk_terdaftar", "p3ke_kk_terdaftar",
            "dtks_kk_desil_1", "p3ke_kk_desil_1", "luas_km2"]
    meta = {"registers": [{"register": "p3ke"}, {"register": "dtks"}],
            "indikator": [{"kolom": "dtks_kk_desil_1", "tersedia": False,
                           "alasan_id": "Tata letak ekspor SIKS-NG tidak memuat data.",
                           "alasan_en": "The SIKS-NG export layout carries no data."},
                          {"kolom": "p3ke_kk_desil_1", "tersedia": True}]}
    assert parse_weights("kk_desil_1=2,dtks_kk_terdaftar=1", columns=cols, meta=meta) == \
        {"p3ke_kk_desil_1": 2.0, "dtks_kk_terdaftar": 1.0}
    with pytest.raises(InputError, match="several registers: dtks_kk_terdaftar, "
                                         "p3ke_kk_terdaftar"):
        parse_weights("kk_terdaftar=1", columns=cols, meta=meta)
    with pytest.raises(InputError, match="not available in this dataset: The SIKS-NG"):
        parse_weights("dtks_kk_desil_1=1", columns=cols, meta=meta)
    with pytest.raises(InputError, match="Available: dtks_kk_terdaftar") as err:
        parse_weights("kk_miskin=1", columns=cols, meta=meta)
    assert "nama_desa" not in str(err.value) and "kode_desa" not in str(err.value)


def _meta_two_registers(extra: list[dict] = ()) -> dict:
    unavailable = {"dtks": ["kk_desil_1", "kk_miskin_ekstrem", "kk_desil_1_4_tanpa_bansos"],
                   "p3ke": ["jiwa_terdaftar"]}
    ind = []
    for reg in ("p3ke", "dtks"):
        for name in ("kk_terdaftar", "jiwa_terdaftar", "kk_desil_1", "kk_miskin_ekstrem",
                     "kk_desil_1_4_tanpa_bansos"):
            off = name in unavailable[reg]
            ind.append({"kolom": f"{reg}_{name}", "nama": name, "register": reg,
                        "tersedia": not off,
                        "alasan_id": "Tata letak tidak memuat data." if off else None,
                        "alasan_en": "The layout carries no data." if off else None})
    return {"registers": [{"register": "p3ke", "programmes": ["pkh", "bpnt", "bpum", "bst"]},
                          {"register": "dtks", "programmes": ["pkh", "bpnt", "pbi"]}],
            "indikator": ind + list(extra)}


def _two_register_frame(**extra) -> pd.DataFrame:
    cols = {}
    for reg in ("p3ke", "dtks"):
        cols[f"{reg}_kk_terdaftar"] = [40, 30, 20, 10]
        cols[f"{reg}_jiwa_terdaftar"] = [None] * 4 if reg == "p3ke" else [120, 90, 60, 30]
        on = reg == "p3ke"
        cols[f"{reg}_kk_desil_1"] = [5, 8, 2, 0] if on else [None] * 4
        cols[f"{reg}_kk_miskin_ekstrem"] = [5, 8, 2, 0] if on else [None] * 4
        cols[f"{reg}_kk_desil_1_4_tanpa_bansos"] = [1, 0, 6, 2] if on else [None] * 4
    cols.update(extra)
    return _desa(ABCD, **cols)


def test_default_spec_resolves_documented_defaults_and_says_what_is_missing():
    desa = _two_register_frame()
    spec = default_spec(_meta_two_registers(), desa)
    assert spec.weights == {"dtks_kk_terdaftar": 1.0, "p3ke_kk_miskin_ekstrem": 1.0,
                            "p3ke_kk_desil_1_4_tanpa_bansos": 1.0}
    notes = {n["peran"]: n for n in spec.defaults}
    assert notes["terdaftar"]["kolom"] == "dtks_kk_terdaftar"
    assert "COUNT of registered households, not a share" in notes["terdaftar"]["catatan_en"]
    assert "JUMLAH KK terdaftar, bukan pangsa" in notes["terdaftar"]["catatan_id"]
    assert "dtks_kk_miskin_ekstrem: The layout carries no data." in \
        notes["miskin_ekstrem"]["catatan_en"]
    assert notes["rumah"]["tersedia"] is False and notes["rumah"]["kolom"] is None
    assert "skor_deprivasi: not in the dataset" in notes["rumah"]["catatan_en"]
    assert notes["idm"]["tersedia"] is False
    r = rank_desa(desa, spec, meta=_meta_two_registers())
    assert r.method["catatan_default"][0]["peran"] == "terdaftar"
    # terdaftar 1 2/3 1/3 0 ; miskin .625 1 .25 0 ; tanpa bansos 1/6 0 1 1/3 ; thirds each
    assert _by_name(r) == {"A": 59.72, "B": 55.56, "C": 52.78, "D": 11.11}


def test_default_spec_prefers_shares_and_uses_new_columns_when_present():
    desa = _two_register_frame(dtks_persen_terdaftar=[10.0, 20.0, 30.0, 40.0],
                               p3ke_persen_terdaftar=[1.0, 2.0, 3.0, 4.0],
                               p3ke_skor_deprivasi=[0.1, 0.4, 0.2, 0.3],
                               idm_nilai=[0.5, 0.6, 0.7, 0.8],
                               p3ke_kk_miskin_ekstrem=[None] * 4)
    spec = default_spec(_meta_two_registers(), desa)
    assert spec.weights == {"dtks_persen_terdaftar": 1.0, "p3ke_kk_desil_1": 1.0,
                            "p3ke_kk_desil_1_4_tanpa_bansos": 1.0,
                            "p3ke_skor_deprivasi": 1.0}
    notes = {n["peran"]: n for n in spec.defaults}
    assert "fallback" in notes["miskin_ekstrem"]["catatan_en"]
    assert "p3ke_kk_miskin_ekstrem: empty for every desa" in notes["miskin_ekstrem"]["catatan_en"]
    assert notes["idm"]["kolom"] == "idm_nilai" and "idm_nilai" not in spec.weights
    # from a list of columns (no data to look at) the empty column cannot be seen
    spec2 = default_spec(_meta_two_registers(), list(desa.columns))
    assert "p3ke_kk_miskin_ekstrem" in spec2.weights


def test_default_spec_without_prefixes():
    desa = _desa(ABCD, kk_terdaftar=[1, 2, 3, 4], kk_desil_1=[4, 3, 2, 1],
                 kk_miskin_ekstrem=[4, 3, 2, 1], kk_desil_1_4_tanpa_bansos=[0, 0, 1, 1])
    meta = {"registers": [{"register": "p3ke", "programmes": ["pkh"]}], "indikator": []}
    spec = default_spec(meta, desa, area="99.01")
    assert list(spec.weights) == ["kk_terdaftar", "kk_miskin_ekstrem",
                                  "kk_desil_1_4_tanpa_bansos"]
    assert spec.area == "99.01" and spec.include_kelurahan is False


# ---------------------------------------------------------------------------------------------
# exclusion and inclusion views
# ---------------------------------------------------------------------------------------------

def _views_frame() -> tuple[pd.DataFrame, dict]:
    rows = ABCD + [{"kode_desa": "9901011001", "nama": "K"}]
    desa = _desa(rows,
                 p3ke_kk_terdaftar=[40, 30, 20, 10, None],
                 p3ke_kk_desil_1=[5, 2, 2, 0, None], p3ke_kk_desil_2=[5, 2, 2, 0, None],
                 p3ke_kk_desil_3=[5, 2, 2, 0, None], p3ke_kk_desil_4=[5, 2, 2, 4, None],
                 p3ke_kk_desil_1_4_tanpa_bansos=[4, 6, 2, 4, None],
                 p3ke_kk_inklusi=[4, 3, 0, 5, None],
                 p3ke_alasan_kosong=[None, None, None, None, "kecamatan_tanpa_data"],
                 dtks_kk_terdaftar=[10, 10, 10, 10, 8],
                 dtks_kk_desil_1=[None] * 5, dtks_kk_desil_2=[None] * 5,
                 dtks_kk_desil_3=[None] * 5, dtks_kk_desil_4=[None] * 5,
                 dtks_kk_desil_1_4_tanpa_bansos=[None] * 5,
                 dtks_kk_inklusi=[1, 0, 2, 0, 4])
    meta = _meta_two_registers()
    meta["indikator"].append({"kolom": "dtks_kk_inklusi", "register": "dtks", "tersedia": True})
    meta["pengaturan"] = {"inclusion_min_desil": 5, "exclusion_desil_max": 4}
    return desa, meta


def test_exclusion_table_lists_desa_by_count_and_rate_with_programmes():
    desa, meta = _views_frame()
    ex = exclusion_table(desa, meta)
    assert set(ex["register"]) == {"p3ke"}  # the DTKS export has no desil
    # by count; equal counts (A, D: 4) by rate (D 100 %, A 20 %); they share the rank
    assert list(ex["nama_desa"]) == ["B", "D", "A", "C", "K"]
    assert list(ex["kk_desil_1_4_tanpa_bansos"].iloc[:4]) == [6, 4, 4, 2]
    assert list(ex["peringkat"].iloc[:4]) == [1, 2, 2, 4]
    assert list(ex["kk_desil_1_4"].iloc[:4]) == [8, 4, 20, 8]
    assert ex["persen_tanpa_bansos"].iloc[0] == 75.0
    assert (ex["program"] == "pkh, bpnt, bpum, bst").all()
    assert ex["dasar"].iloc[0] == "KK desil 1-4 yang tidak menerima satu pun dari: pkh, bpnt, " \
                                  "bpum, bst"
    k = ex.iloc[-1]
    assert pd.isna(k["kk_desil_1_4_tanpa_bansos"]) and k["alasan_kosong"] == \
        "kecamatan_tanpa_data"
    by_rate = exclusion_table(desa, meta, sort_by="persen")
    assert list(by_rate["nama_desa"].iloc[:4]) == ["D", "B", "C", "A"]  # 100, 75, 25, 20 %
    assert list(exclusion_table(desa, meta, include_kelurahan=False)["nama_desa"]) == \
        ["B", "D", "A", "C"]
    assert list(exclusion_table(desa, meta, area="99.01.01.1001")["nama_desa"]) == ["K"]
    with pytest.raises(InputError, match="Unknown order"):
        exclusion_table(desa, meta, sort_by="nama")


def test_inclusion_table_states_the_criterion_per_register():
    desa, meta = _views_frame()
    inc = inclusion_table(desa, meta)
    p3ke = inc[inc["register"] == "p3ke"]
    dtks = inc[inc["register"] == "dtks"]
    assert list(p3ke["nama_desa"]) == ["D", "A", "B", "C", "K"]
    assert list(p3ke["persen_inklusi"].iloc[:4]) == [50.0, 10.0, 10.0, 0.0]
    assert "desil >= 5 atau tidak padan Dukcapil" in p3ke["dasar"].iloc[0]
    assert list(dtks["nama_desa"]) == ["K", "C", "A", "B", "D"]
    assert (dtks["program"] == "pkh, bpnt, pbi").all()
    assert "not matched to Dukcapil (this register has no decile)" in dtks["dasar_en"].iloc[0]
    assert list(inc["register"].unique()) == ["p3ke", "dtks"]
