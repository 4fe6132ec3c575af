"""layers.demo: the synthetic Kabupaten Contoh (boundaries, SIKS-NG / P3KE files, truth, mess)."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from layers.demo import (
    P3KE_COLUMNS, SIKS_COLUMNS, TRUTH_COLUMNS, make_boundaries, make_households,
    write_demo_inputs,
)
from layers.settings import DEFAULT

REPO = Path(__file__).resolve().parents[2]
CANONICAL = ["kode_desa", "nama_desa", "jenis", "kode_kec", "nama_kec", "kode_kab", "nama_kab",
             "kode_prov", "nama_prov", "kode_desa_bps", "luas_km2", "geometry"]
DTKS_COLS = [c for c in TRUTH_COLUMNS if c.startswith("dtks_")]
P3KE_COLS = [c for c in TRUTH_COLUMNS if c.startswith("p3ke_")]


@pytest.fixture(scope="module")
def desa():
    return make_boundaries()


@pytest.fixture(scope="module")
def hh(desa):
    return make_households(desa)


@pytest.fixture(scope="module")
def small(tmp_path_factory, desa):
    """A small written demo (same boundaries, fewer households) and its households."""
    out = tmp_path_factory.mktemp("demo_small")
    manifest = write_demo_inputs(out, n_households=1500)
    return manifest, make_households(desa, n_households=1500)


def _core(name: str) -> str:
    s = re.sub(r"^(DESA|KELURAHAN|KEL\.?|KEC\.?|KECAMATAN)\s+", "", " ".join(name.upper().split()))
    return " ".join(re.sub(r"[^A-Z0-9 ]+", " ", s).split())


# ------------------------------------------------------------------------------------------------
# boundaries
# ------------------------------------------------------------------------------------------------
def test_boundary_codes_and_hierarchy(desa):
    assert list(desa.columns) == CANONICAL
    assert desa.crs.to_epsg() == 4326
    assert len(desa) == 250
    assert desa["kode_kec"].nunique() == 12
    assert desa["kode_desa"].is_unique and desa["kode_desa"].is_monotonic_increasing
    assert desa["kode_desa"].str.fullmatch(r"9901\d{6}").all()
    assert (desa["kode_kec"] == desa["kode_desa"].str[:6]).all()
    assert (desa["kode_kab"] == "9901").all() and (desa["kode_prov"] == "99").all()
    assert (desa["nama_kab"] == "Kabupaten Contoh").all()
    expected_jenis = np.where(desa["kode_desa"].str[6] == "1", "kelurahan", "desa")
    assert (desa["jenis"].to_numpy() == expected_jenis).all()
    kel = desa[desa["jenis"] == "kelurahan"]
    assert 10 <= len(kel) <= 14
    assert set(kel["nama_kec"]) == {"Kota Contoh"}
    assert set(desa.loc[desa["nama_kec"] != "Kota Contoh", "jenis"]) == {"desa"}
    # every kecamatan numbers kelurahan 1001.. and desa 2001.. without gaps
    for _, grp in desa.groupby("kode_kec"):
        for first, jenis in (("1", "kelurahan"), ("2", "desa")):
            part = grp.loc[grp["jenis"] == jenis, "kode_desa"].str[6:].tolist()
            assert part == [f"{first}{i:03d}" for i in range(1, len(part) + 1)]
    assert desa["kode_desa_bps"].str.fullmatch(r"9901\d{6}").all()
    assert desa["kode_desa_bps"].is_unique
    assert (desa["kode_desa_bps"] != desa["kode_desa"]).mean() > 0.9
    minx, miny, maxx, maxy = desa.total_bounds
    assert 110.9 < minx < maxx < 111.7 and -7.6 < miny < maxy < -6.9


def test_boundary_names_and_deliberate_twins(desa):
    kec_names = desa.groupby("kode_kec")["nama_kec"].first()
    assert kec_names.is_unique and "Kota Contoh" in set(kec_names)
    # unique inside each kecamatan
    assert not desa.duplicated(["kode_kec", "nama_desa"]).any()
    # across the kabupaten only Wonorejo repeats, in two kecamatan
    counts = desa["nama_desa"].value_counts()
    assert counts[counts > 1].to_dict() == {"Wonorejo": 2}
    assert desa.loc[desa["nama_desa"] == "Wonorejo", "kode_kec"].nunique() == 2
    pts = shapely.point_on_surface(desa.geometry.values)
    y = dict(zip(desa["nama_desa"], shapely.get_y(pts)))
    kec = dict(zip(desa["nama_desa"], desa["kode_kec"]))
    for base, twin, twin_north in (("Karangrejo", "Karangrejo Lor", True),
                                   ("Sumbersari", "Sumbersari Kidul", False),
                                   ("Sidomulyo I", "Sidomulyo II", None)):
        assert kec[base] == kec[twin]
        if twin_north is not None:
            assert (y[twin] > y[base]) == twin_north
    assert kec["Sidorejo"] == kec["Sidoharjo"]
    assert desa["nama_desa"].str.fullmatch(r"[A-Z][a-z]+( (Lor|Kidul|I|II))?").all()


def test_boundaries_are_a_seamless_coverage(desa):
    geoms = desa.geometry.values
    assert shapely.is_valid(geoms).all()
    assert bool(shapely.coverage_is_valid(geoms))
    ea = desa.to_crs("EPSG:6933").geometry.values
    union = shapely.union_all(ea)
    total = shapely.area(ea).sum()
    assert abs(total - union.area) / union.area < 1e-6
    assert union.geom_type == "Polygon" and len(union.interiors) == 0
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="intersects")
    keep = a < b
    overlap = shapely.area(shapely.intersection(geoms[a[keep]], geoms[b[keep]]))
    assert overlap.max() < 1e-9
    # kecamatan are contiguous
    for _, grp in desa.groupby("kode_kec"):
        assert shapely.union_all(grp.geometry.values).geom_type == "Polygon"
    # luas_km2 in the equal-area CRS, 4 decimals
    np.testing.assert_allclose(desa["luas_km2"], np.round(shapely.area(ea) / 1e6, 4))
    assert desa["luas_km2"].min() > 0.5


def test_boundaries_depend_only_on_seed(desa):
    again = make_boundaries()
    assert again.drop(columns="geometry").equals(desa.drop(columns="geometry"))
    assert (shapely.to_wkb(again.geometry.values) == shapely.to_wkb(desa.geometry.values)).all()
    other = make_boundaries(seed=7)
    wkb = shapely.to_wkb(desa.geometry.values[:10])
    assert not (shapely.to_wkb(other.geometry.values[:10]) == wkb).all()
    small = make_boundaries(seed=3, n_kec=5, n_desa=60)
    assert len(small) == 60 and small["kode_kec"].nunique() == 5
    with pytest.raises(ValueError):
        make_boundaries(n_kec=12, n_desa=20)


# ------------------------------------------------------------------------------------------------
# households: layouts, identifiers, truth
# ------------------------------------------------------------------------------------------------
def test_frames_have_the_documented_layouts(hh):
    assert list(hh.siks.columns) == list(SIKS_COLUMNS)
    assert list(hh.p3ke.columns) == list(P3KE_COLUMNS)
    assert list(hh.truth.columns) == list(TRUTH_COLUMNS)
    assert all(str(hh.truth[c].dtype) == "Int64" for c in TRUTH_COLUMNS[1:])
    flags = hh.siks[["BANSOS_BPNT", "BANSOS_PKH", "BANSOS_BPNT_PPKM", "PBI_JKN"]]
    assert set(np.unique(flags.to_numpy())) == {"YA", "-"}
    for prog in ("BPNT", "BPUM", "BST", "PKH", "SEMBAKO"):
        assert set(hh.p3ke[f"Penerima {prog}"]) == {"Ya", "Tidak"}
    assert set(hh.p3ke["Padan Dukcapil"]) == {"YA", "TIDAK"}
    assert set(hh.p3ke["Jenis Lantai"]) == {"Keramik", "Semen", "Tanah"}
    assert set(hh.p3ke["Sumber Penerangan"]) == {"Listrik PLN", "Bukan Listrik"}
    assert set(hh.p3ke["Memiliki Fasilitas BAB"]) == {"Ya, Sendiri", "Ya, Bersama", "Tidak Ada"}
    # dusun / RW / RT filled: 2-5 dusun per desa, RW 001-005, RT 001-004
    assert hh.siks["RW"].str.fullmatch(r"00[1-5]").all()
    assert hh.siks["RT"].str.fullmatch(r"00[1-4]").all()
    assert (hh.siks["DUSUN"] != "").all()
    n_dusun = hh.siks.assign(k=hh.siks_kode_desa.to_numpy()).groupby("k")["DUSUN"].nunique()
    assert n_dusun.between(1, 5).all() and n_dusun.max() >= 4
    assert len(hh.siks) > 12_000 and len(hh.p3ke) > 2_500


def test_identifiers_are_synthetic(hh):
    kk = hh.siks["NOMOR_KK"][hh.siks["NOMOR_KK"] != ""]
    for series in (hh.siks["NOMOR_NIK"], kk, hh.p3ke["NIK"], hh.siks["IDDTKS"]):
        assert series.str.fullmatch(r"99\d{14}").all()
        assert not series.str[:2].astype(int).between(11, 94).any()
    assert hh.p3ke["ID Keluarga P3KE"].str.fullmatch(r"P99\d{13}").all()
    # a person is in one household, a household in one desa
    has_kk = (hh.siks["NOMOR_KK"] != "").to_numpy()
    kept = hh.siks[has_kk].assign(k=hh.siks_kode_desa.to_numpy()[has_kk])
    assert kept.groupby("NOMOR_NIK")["NOMOR_KK"].nunique().max() == 1
    assert kept.groupby("NOMOR_KK")["k"].nunique().max() == 1


def _recount(hh, desa) -> pd.DataFrame:
    """Per-desa counts from the written frames with plain pandas (independent of the generator)."""
    s = hh.siks.assign(kode=hh.siks_kode_desa.to_numpy())
    s = s[s["NOMOR_KK"] != ""].drop_duplicates("NOMOR_NIK")
    s = s.assign(pkh=s["BANSOS_PKH"] == "YA",
                 bpnt=(s["BANSOS_BPNT"] == "YA") | (s["BANSOS_BPNT_PPKM"] == "YA"),
                 pbi=s["PBI_JKN"] == "YA", tidak=s["KETERANGAN_PADAN"].str.contains("TIDAK"))
    kk = s.groupby("NOMOR_KK").agg(kode=("kode", "first"), jiwa=("NOMOR_NIK", "nunique"),
                                   pkh=("pkh", "any"), bpnt=("bpnt", "any"), pbi=("pbi", "any"),
                                   tidak=("tidak", "any"))
    kk["inklusi"] = (kk["pkh"] | kk["bpnt"] | kk["pbi"]) & kk["tidak"]
    dt = kk.groupby("kode").agg(
        dtks_kk_terdaftar=("jiwa", "size"), dtks_jiwa_terdaftar=("jiwa", "sum"),
        dtks_kk_pkh=("pkh", "sum"), dtks_kk_bpnt=("bpnt", "sum"), dtks_kk_pbi=("pbi", "sum"),
        dtks_kk_inklusi=("inklusi", "sum"))

    p = hh.p3ke.assign(kode=hh.p3ke_kode_desa.to_numpy()).drop_duplicates("ID Keluarga P3KE")
    desil = p["Desil Kesejahteraan"].map(lambda v: int(str(v).replace("Desil", "")))
    ya = {c: p[f"Penerima {c}"] == "Ya" for c in ("BPNT", "BPUM", "BST", "PKH", "SEMBAKO")}
    bpnt = ya["BPNT"] | ya["SEMBAKO"]
    anyp = bpnt | ya["PKH"] | ya["BPUM"] | ya["BST"]
    p = p.assign(d=desil, pkh=ya["PKH"], bpnt=bpnt, none=~anyp,
                 inklusi=anyp & ((desil >= 5) | (p["Padan Dukcapil"] == "TIDAK")))
    pk = p.groupby("kode").agg(
        p3ke_kk_terdaftar=("d", "size"),
        **{f"p3ke_kk_desil_{k}": ("d", lambda x, k=k: int((x == k).sum())) for k in range(1, 5)},
        p3ke_kk_pkh=("pkh", "sum"), p3ke_kk_bpnt=("bpnt", "sum"),
        p3ke_kk_inklusi=("inklusi", "sum"))
    pk["p3ke_kk_desil_1_4_tanpa_bansos"] = p[p["none"] & (p["d"] <= 4)].groupby("kode").size()

    out = pd.DataFrame({"kode_desa": desa["kode_desa"].to_numpy()})
    kec = desa["kode_kec"].to_numpy()
    for frame, cols, kodes in ((dt, DTKS_COLS, kk["kode"]), (pk, P3KE_COLS, p["kode"])):
        covered = {k[:6] for k in kodes}
        block = frame.reindex(out["kode_desa"])[cols].fillna(0).astype("Int64")
        block = block.reset_index(drop=True)
        block.loc[~np.isin(kec, sorted(covered)), cols] = pd.NA
        out[cols] = block
    return out[list(TRUTH_COLUMNS)]


def test_truth_matches_an_independent_recount(hh, desa):
    pd.testing.assert_frame_equal(_recount(hh, desa), hh.truth, check_dtype=True)
    t = hh.truth
    assert t["dtks_kk_terdaftar"].notna().all() and (t["dtks_kk_terdaftar"] > 0).all()
    # sizes vary widely
    assert t["dtks_kk_terdaftar"].max() >= 5 * t["dtks_kk_terdaftar"].median()
    # exclusion (desil 1-2 with no programme) and inclusion (recipients not matched) exist
    p = hh.p3ke
    progs = ["Penerima BPNT", "Penerima BPUM", "Penerima BST", "Penerima PKH", "Penerima SEMBAKO"]
    low = p["Desil Kesejahteraan"].astype(str).str[-1].isin(["1", "2"])
    assert (low & (p[progs] == "Tidak").all(axis=1)).sum() > 50
    assert t["p3ke_kk_inklusi"].sum() > 10 and t["dtks_kk_inklusi"].sum() > 10


def test_poverty_and_density_are_clustered_in_space(hh, desa):
    t = hh.truth.dropna()
    d = desa.set_index("kode_desa").loc[t["kode_desa"]]
    a, b = shapely.STRtree(d.geometry.values).query(d.geometry.values, predicate="touches")

    def moran(v: np.ndarray) -> float:
        z = v - v.mean()
        return len(z) / len(a) * float((z[a] * z[b]).sum() / (z * z).sum())

    poor = ((t["p3ke_kk_desil_1"] + t["p3ke_kk_desil_2"]) / t["dtks_kk_terdaftar"]).to_numpy(float)
    density = (t["dtks_kk_terdaftar"].to_numpy(float) / d["luas_km2"].to_numpy())
    assert moran(poor) > 0.25
    assert moran(density) > 0.25
    # a random arrangement of the same values is not clustered
    rng = np.random.default_rng(0)
    assert abs(moran(rng.permutation(poor))) < 0.15


def test_missing_kecamatan_has_no_p3ke_rows_and_na_truth(hh, desa):
    missing = [m["kode"] for m in hh.mess["p3ke"]["missing_kecamatan"]]
    assert len(missing) == 1
    name = desa.loc[desa["kode_kec"] == missing[0], "nama_kec"].iloc[0].upper()
    assert not hh.p3ke_kode_desa.str.startswith(missing[0]).any()
    assert (hh.p3ke["Kecamatan"] != name).all()
    in_missing = hh.truth["kode_desa"].str.startswith(missing[0])
    assert hh.truth.loc[in_missing, P3KE_COLS].isna().all().all()
    assert hh.truth.loc[~in_missing, P3KE_COLS].notna().all().all()
    assert hh.truth[DTKS_COLS].notna().all().all()
    assert (hh.p3ke_kode_desa.str[:6].nunique()) == 11


def test_duplicates_and_rejected_rows(hh):
    mess = hh.mess
    assert mess["siks"]["duplicate_rows_same_file"] == 6 == int(hh.siks.duplicated().sum())
    assert mess["siks"]["rows_without_kk"] == 3 == int((hh.siks["NOMOR_KK"] == "").sum())
    # rows without KK carry a NIK seen nowhere else (they are extra persons, not family members)
    no_kk = hh.siks.loc[hh.siks["NOMOR_KK"] == "", "NOMOR_NIK"]
    assert not no_kk.isin(hh.siks.loc[hh.siks["NOMOR_KK"] != "", "NOMOR_NIK"]).any()
    ids = hh.p3ke["ID Keluarga P3KE"]
    assert mess["p3ke"]["duplicate_rows"] == 4 == int(ids.duplicated().sum())
    # half the duplicated families repeat in the same part, half in the other part
    twice = ids.duplicated(keep=False)
    parts = hh.p3ke_part[twice].groupby(ids[twice]).nunique()
    assert sorted(parts.tolist()) == [1, 1, 2, 2]


def test_damaged_p3ke_codes(hh):
    kode = hh.p3ke["Kode Kemdagri"]
    truth = hh.p3ke_kode_desa
    kinds = hh.mess["p3ke"]["kode_kemdagri"]
    assert all(kinds[k] > 0
               for k in ("bersih", "titik", "float", "float_teks", "apostrof", "ilmiah"))
    assert sum(kinds.values()) == len(hh.p3ke)
    is_float = kode.map(lambda v: isinstance(v, float))
    assert int(is_float.sum()) == kinds["float"]
    assert (kode[is_float].astype(float).astype("int64").astype(str) == truth[is_float]).all()
    text = kode[~is_float].astype(str)
    t = truth[~is_float]
    sci = text.str.fullmatch(r"9\.901\d\dE\+09")
    assert int(sci.sum()) == kinds["ilmiah"] == hh.mess["p3ke"]["unrecoverable_code_rows"]
    dotted = text.str.fullmatch(r"\d\d\.\d\d\.\d\d\.\d{4}")
    assert int(dotted.sum()) == kinds["titik"]
    assert int(text.str.startswith("'").sum()) == kinds["apostrof"]
    assert int(text.str.endswith(".0").sum()) == kinds["float_teks"]
    recoverable = text[~sci].str.removesuffix(".0").str.replace(r"\D", "", regex=True)
    assert (recoverable == t[~sci]).all()
    # the unrecoverable rows still carry the right names
    names = hh.p3ke.loc[~is_float][sci]
    assert (names["Desa/Kelurahan"].str.len() > 0).all()
    # desil: numbers in part 1, "Desil n" in part 2
    desil = hh.p3ke["Desil Kesejahteraan"]
    assert set(desil[hh.p3ke_part == 1]) == {1, 2, 3, 4}
    assert set(desil[hh.p3ke_part == 2]) == {"Desil 1", "Desil 2", "Desil 3", "Desil 4"}


def test_name_variants_in_siks(hh, desa):
    kab = set(hh.siks["KABUPATEN_KOTA"])
    assert {"KAB. CONTOH", "Kabupaten Contoh", "CONTOH"} <= kab
    assert any(k.startswith("KEC. ") for k in hh.siks["KECAMATAN"].unique())
    written = hh.siks["DESA_KELURAHAN"]
    true_name = hh.siks_kode_desa.map(dict(zip(desa["kode_desa"], desa["nama_desa"])))
    assert (written == true_name.str.upper()).mean() > 0.4
    assert (written == true_name).any() and (written == true_name.str.lower()).any()
    assert (written == "Desa " + true_name).any()
    assert (written == "DESA " + true_name.str.upper()).any()
    assert written.str.match(r"(Kel\.|KEL\.|KELURAHAN) ").any()
    split = written.str.contains(" ") & ~written.str.match(r"(?i)(desa|kel\.|kelurahan) ") \
        & ~true_name.str.contains(" ")
    assert split.any()
    assert (written[split].str.replace(" ", "").str.upper() == true_name[split].str.upper()).all()
    kinds = hh.names.loc[hh.names["tingkat"] == "desa", "jenis"]
    assert set(kinds) == {"persis", "huruf", "awalan", "spasi", "salah_ketik", "ambigu"}
    # every name of the exact kinds is the true name once prefix, case and spaces are folded
    names = hh.names
    exact = names[(names["tingkat"] == "desa")
                  & names["jenis"].isin(["persis", "huruf", "awalan"])]
    nm = dict(zip(desa["kode_desa"], desa["nama_desa"]))
    assert (exact["input_nama"].map(_core) == exact["kode"].map(nm).map(_core)).all()


def test_typos_are_accepted_by_a_careful_matcher(hh, desa):
    typos = hh.mess["siks"]["typos"]
    assert len(typos) == 4
    for t in typos:
        true = t["nama_benar"].upper()
        assert Levenshtein.distance(t["input_nama"], true) == 1
        assert len(t["input_nama"]) == len(true)
        kec = desa[desa["kode_kec"] == t["induk_kode"]]
        scores = sorted(fuzz.ratio(t["input_nama"], _core(n)) for n in kec["nama_desa"])
        assert scores[-1] == fuzz.ratio(t["input_nama"], true) >= DEFAULT.fuzzy_accept
        assert scores[-1] - scores[-2] >= DEFAULT.fuzzy_margin
        rows = hh.siks["DESA_KELURAHAN"] == t["input_nama"]
        assert (hh.siks_kode_desa[rows] == t["kode"]).all()
        assert t["kk"] == hh.siks.loc[rows & (hh.siks["NOMOR_KK"] != ""), "NOMOR_KK"].nunique() > 0


def test_ambiguous_names_need_review_and_mapping_answers_them(hh, desa):
    amb = hh.mess["siks"]["ambiguous"]
    assert len(amb) == 3
    assert "twin" in {a["konstruksi"] for a in amb}
    all_cores = {_core(n) for n in desa["nama_desa"]}
    for a in amb:
        core = _core(a["input_nama"])
        assert core not in all_cores
        assert core.replace(" ", "") not in {c.replace(" ", "") for c in all_cores}
        kec = desa[desa["kode_kec"] == a["induk_kode"]]
        scores = sorted(fuzz.ratio(core, _core(n)) for n in kec["nama_desa"])
        assert scores[-1] < DEFAULT.fuzzy_accept or scores[-1] - scores[-2] < DEFAULT.fuzzy_margin
        assert a["kode"] in a["kandidat"] and len(a["kandidat"]) == 2
        rows = hh.siks["DESA_KELURAHAN"] == a["input_nama"]
        assert (hh.siks_kode_desa[rows] == a["kode"]).all()
        assert a["kk"] == hh.siks.loc[rows & (hh.siks["NOMOR_KK"] != ""), "NOMOR_KK"].nunique() > 0
        assert a["baris"] == int(rows.sum())
    twin = next(a for a in amb if a["konstruksi"] == "twin")
    assert re.fullmatch(r"[A-Z]+ [LKWUSTB]", twin["input_nama"])
    expected = pd.DataFrame([{k: a[k] for k in ("tingkat", "induk_kode", "input_nama", "kode")}
                             for a in amb]).sort_values("input_nama").reset_index(drop=True)
    got = hh.mapping.sort_values("input_nama").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected)


# ------------------------------------------------------------------------------------------------
# written files
# ------------------------------------------------------------------------------------------------
def test_written_files_and_manifest(small):
    m, hh = small
    inp = m.out_dir / "input"
    assert m.boundaries == inp / "batas_desa.geojson"
    files = sorted(p.relative_to(inp).as_posix() for p in inp.rglob("*") if p.is_file())
    dtks = [f for f in files if f.startswith("dtks/")]
    assert [f for f in files if not f.startswith(("dtks/", "p3ke/"))] == [
        "batas_desa.geojson", "idm_contoh.csv", "kebenaran_per_desa.csv", "manifest.json",
        "mapping_benar.csv", "penduduk.csv"]
    assert len(dtks) == 13 and sum(f.endswith(".xlsx") for f in dtks) == 6
    assert [f for f in files if f.startswith("p3ke/")] == [
        "p3ke/P3KE_KABUPATEN_CONTOH_BAGIAN_1.xlsx", "p3ke/P3KE_KABUPATEN_CONTOH_BAGIAN_2.xlsx"]
    data = json.loads((inp / "manifest.json").read_text(encoding="utf-8"))
    assert data == json.loads(json.dumps(m.data))
    assert data["seed"] == 2026 and data["n_households"] == 1500
    for rec in data["files"]["dtks"] + data["files"]["p3ke"]:
        assert hashlib.sha256((inp / rec["path"]).read_bytes()).hexdigest() == rec["sha256"]
    truth = pd.read_csv(inp / "kebenaran_per_desa.csv", dtype={"kode_desa": str})
    pd.testing.assert_frame_equal(
        truth[list(TRUTH_COLUMNS)].astype({c: "Int64" for c in TRUTH_COLUMNS[1:]}), hh.truth)
    # the population table's true denominators sit beside them (one desa has no row)
    assert truth["kk_total"].isna().sum() == 1 and truth["jiwa_total"].isna().sum() == 1
    assert (truth["kk_total"].dropna() > truth["dtks_kk_terdaftar"][truth["kk_total"].notna()]).all()
    mapping = pd.read_csv(inp / "mapping_benar.csv", dtype=str)
    assert list(mapping.columns) == ["tingkat", "induk_kode", "input_nama", "kode"]
    pd.testing.assert_frame_equal(mapping, hh.mapping.astype(str))
    c = data["counts"]
    assert c["siks_households"] == int(hh.truth["dtks_kk_terdaftar"].sum())
    assert c["siks_persons"] == int(hh.truth["dtks_jiwa_terdaftar"].sum())
    assert c["p3ke_families"] == int(hh.truth["p3ke_kk_terdaftar"].sum())
    assert c["review_households"] == sum(a["kk"] for a in data["mess"]["siks"]["ambiguous"])
    siks_mess = data["mess"]["siks"]
    assert siks_mess["duplicate_rows_total"] == 6 + siks_mess["per_desa_file"]["rows"]


def test_boundary_geojson_is_big_layout(small, desa):
    m, _ = small
    text = m.boundaries.read_text(encoding="utf-8")
    assert not re.search(r"\d\.\d{7,}", text)
    fc = json.loads(text)
    props = [f["properties"] for f in fc["features"]]
    assert list(props[0]) == ["KDEPUM", "KDEBPS", "WADMKD", "WADMKC", "WADMKK", "WADMPR"]
    assert [p["KDEPUM"].replace(".", "") for p in props] == desa["kode_desa"].tolist()
    assert all(re.fullmatch(r"99\.01\.\d\d\.\d{4}", p["KDEPUM"]) for p in props)
    assert [p["KDEBPS"] for p in props] == desa["kode_desa_bps"].tolist()
    assert [p["WADMKD"] for p in props] == desa["nama_desa"].tolist()
    import geopandas as gpd
    back = gpd.read_file(m.boundaries)
    assert back.crs.to_epsg() == 4326 and len(back) == 250
    assert shapely.equals_exact(back.geometry.values, desa.geometry.values, tolerance=1e-6).all()


def _read_siks_file(path: Path, rec: dict) -> pd.DataFrame:
    if rec["format"] == "xlsx":
        from openpyxl import load_workbook
        rows = list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))
        head = rows[rec["title_rows"]]
        body = [["" if v is None else v for v in r] for r in rows[rec["title_rows"] + 1:]]
        return pd.DataFrame(body, columns=head)
    return pd.read_csv(path, sep=rec["delimiter"], encoding=rec["encoding"], dtype=str,
                       keep_default_na=False)


def test_siks_files_round_trip(small):
    m, hh = small
    inp = m.out_dir / "input"
    recs = m.data["files"]["dtks"]
    frames = {}
    for rec in recs:
        path = inp / rec["path"]
        raw = path.read_bytes()
        if rec["format"] == "xlsx":
            with zipfile.ZipFile(path) as z:
                assert {i.date_time for i in z.infolist()} == {(2026, 1, 1, 0, 0, 0)}
                assert b"2026-01-01T00:00:00Z" in z.read("docProps/core.xml")
            from openpyxl import load_workbook
            ws = load_workbook(path, read_only=True).active
            rows = list(ws.iter_rows(min_row=1, max_row=3, values_only=True))
            assert rows[0][0].startswith("DATA TERPADU")
            assert rows[1][0].startswith("KABUPATEN CONTOH")
            assert list(rows[2]) == list(SIKS_COLUMNS)
        elif rec["encoding"] == "cp1252":
            assert b";" in raw.splitlines()[0] and raw.count(b"\r\n") == rec["rows"] + 1
        elif rec["encoding"] == "utf-8-sig":
            assert raw.startswith(b"\xef\xbb\xbf")
        else:
            assert not raw.startswith(b"\xef\xbb\xbf")
        df = _read_siks_file(path, rec)
        assert list(df.columns) == list(SIKS_COLUMNS) and len(df) == rec["rows"]
        frames[rec["path"]] = df
    cp = [inp / r["path"] for r in recs if r["encoding"] == "cp1252"]
    assert len(cp) == 2 and any(b"\x92" in p.read_bytes() for p in cp)
    per = m.data["mess"]["siks"]["per_desa_file"]
    kec_files = [r["path"] for r in recs if r["path"] != per["path"]]
    together = pd.concat([frames[p] for p in kec_files], ignore_index=True)
    assert len(together) == len(hh.siks)
    def as_rows(frame: pd.DataFrame) -> list[tuple]:
        return sorted(map(tuple, frame.to_numpy().tolist()))

    assert as_rows(together) == as_rows(hh.siks)
    pdf = frames[per["path"]]
    assert set(pdf["DESA_KELURAHAN"]) == {per["input_nama"]}
    same_desa = hh.siks.loc[hh.siks_kode_desa == per["kode_desa"], "NOMOR_NIK"]
    assert set(pdf["NOMOR_NIK"]) == set(same_desa)
    rejected = m.data["mess"]["siks"]["rejected_rows"]
    assert len(rejected) == 3
    for r in rejected:
        rec = next(x for x in recs if x["path"] == r["file"])
        offset = rec["title_rows"] + 2
        assert frames[r["file"]]["NOMOR_KK"].iat[r["row"] - offset] == ""
        assert r["kolom"] == "NOMOR_KK"


def test_p3ke_workbooks(small):
    from openpyxl import load_workbook
    m, hh = small
    inp = m.out_dir / "input"
    total = 0
    for rec in m.data["files"]["p3ke"]:
        ws = load_workbook(inp / rec["path"], read_only=True).active
        rows = list(ws.iter_rows(values_only=True))
        assert list(rows[rec["title_rows"]]) == list(P3KE_COLUMNS)
        body = rows[rec["title_rows"] + 1:]
        assert len(body) == rec["rows"]
        assert [r[0] for r in body] == list(range(1, len(body) + 1))
        kode = [r[5] for r in body]
        # the float codes are numeric cells (Excel shows 9901012001), the others text
        numeric = [v for v in kode if isinstance(v, (int, float))]
        assert numeric and all(re.fullmatch(r"99\d{8}", str(int(v))) for v in numeric)
        assert any(isinstance(v, str) and v.startswith("'") for v in kode)
        assert any(isinstance(v, str) and "E+" in v for v in kode)
        total += len(body)
    assert total == len(hh.p3ke)


# ------------------------------------------------------------------------------------------------
# slow: full default demo twice, real boundaries, the readers of the other modules
# ------------------------------------------------------------------------------------------------
def _hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_default_demo_is_byte_identical_and_small(tmp_path):
    """Two runs give the same bytes, and the same bytes as the committed data/demo/input
    (regenerate it with ``make demo`` when the generator changes on purpose). The generation
    time is measured by ``benchmarks/bench_build.py demo``, not here."""
    write_demo_inputs(tmp_path / "a")
    write_demo_inputs(tmp_path / "b")
    ha, hb = _hashes(tmp_path / "a"), _hashes(tmp_path / "b")
    assert len(ha) == 21 and ha == hb
    committed = {f"input/{k}": v for k, v in _hashes(REPO / "data" / "demo" / "input").items()}
    assert ha == committed, "data/demo/input differs from a fresh generation: run `make demo`"
    size = sum(p.stat().st_size for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert size < 4_000_000
    # regenerating into the same folder replaces the generated files and nothing else
    again = write_demo_inputs(tmp_path / "a", n_households=800)
    dtks = {k for k in _hashes(tmp_path / "a") if k.startswith("input/dtks/")}
    assert dtks == {f"input/{r['path']}" for r in again.data["files"]["dtks"]} and len(dtks) == 13


@pytest.mark.slow
def test_real_boundaries(shared_data, tmp_path):
    src = shared_data / "geojson" / "desa_blora.geojson"
    m = write_demo_inputs(tmp_path, boundaries=src, n_households=2000)
    inp = tmp_path / "input"
    assert m.boundaries == src and not (inp / "batas_desa.geojson").exists()
    assert m.data["boundaries"]["path"] == "desa_blora.geojson"
    fc = json.loads(src.read_text(encoding="utf-8"))
    codes = sorted(f["properties"]["kode_desa"].replace(".", "") for f in fc["features"])
    truth = pd.read_csv(inp / "kebenaran_per_desa.csv", dtype={"kode_desa": str})
    assert truth["kode_desa"].tolist() == codes and len(codes) == 295
    assert m.data["counts"]["kecamatan"] == 16 and m.data["counts"]["kelurahan"] == 24
    missing = m.data["mess"]["p3ke"]["missing_kecamatan"][0]["kode"]
    assert missing.startswith("3316")
    assert truth.loc[truth["kode_desa"].str.startswith(missing), "p3ke_kk_terdaftar"].isna().all()
    names = {f["properties"]["nama_desa"] for f in fc["features"]}
    for t in m.data["mess"]["siks"]["typos"] + m.data["mess"]["siks"]["ambiguous"]:
        assert t["nama_benar"] in names
        assert t["input_nama"].upper() not in {n.upper() for n in names}
    rec = m.data["files"]["dtks"][0]
    df = _read_siks_file(inp / rec["path"], rec)
    assert df["NOMOR_NIK"].str.fullmatch(r"99\d{14}").all()
    assert set(df["PROVINSI"]) == {"JAWA TENGAH"}


@pytest.mark.slow
def test_readers_accept_the_demo(small):
    """The boundary reader, the register readers and the matcher take the files as intended."""
    from layers.boundaries import read_boundaries
    from layers.matching import read_mapping, resolve_areas
    from layers.registers import read_register

    m, hh = small
    inp = m.out_dir / "input"
    b = read_boundaries(m.boundaries)
    assert b.qa["layout"] == "big" and b.qa["overlaps"] == [] and b.qa["gaps"] == []
    assert b.desa["kode_desa"].tolist() == make_boundaries()["kode_desa"].tolist()
    gaz = pd.DataFrame(b.desa.drop(columns="geometry"))
    siks = read_register([inp / "dtks"])
    assert siks.layout == "siks"
    assert siks.stats["kept"] == int(hh.truth["dtks_kk_terdaftar"].sum())
    assert siks.stats["rejected"] == 3
    assert siks.stats["duplicates"] == m.data["mess"]["siks"]["duplicate_rows_total"]
    p3ke = read_register([inp / "p3ke"])
    assert p3ke.layout == "p3ke" and p3ke.stats["duplicates"] == 4
    assert p3ke.stats["kept"] == int(hh.truth["p3ke_kk_terdaftar"].sum())
    h = siks.households
    areas = (h.groupby(["prov", "kab", "kec", "desa", "kode"], dropna=False).size()
             .rename("n_rows").reset_index())
    plain = resolve_areas(areas, gaz)
    review = sorted(plain.review["input_nama"])
    assert review == sorted(a["input_nama"] for a in m.data["mess"]["siks"]["ambiguous"])
    fixed = resolve_areas(areas, gaz, mapping=read_mapping(inp / "mapping_benar.csv"))
    assert fixed.review.empty and fixed.kode_desa.notna().all()
