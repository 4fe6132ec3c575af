"""Kabupaten written without Kab./Kota (``MAGELANG``, ``TEGAL``) over real Jawa Tengah cuts.

Kabupaten Magelang (33.08) and Kota Magelang (33.71), Kabupaten Tegal (33.28) and Kota Tegal
(33.76) share their names. The synthetic exports below write every kabupaten bare, with the
real kecamatan and desa names beneath and a made-up household count per desa.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from layers.matching import read_mapping, resolve_areas

JT = "JAWA TENGAH"
BY_KEC = ("tanpa 'Kab.'/'Kota': ditentukan oleh nama kecamatan di bawahnya / without "
          "'Kab.'/'Kota': decided by the kecamatan name beneath")
BY_DESA = ("tanpa 'Kab.'/'Kota': ditentukan oleh nama desa di bawahnya / without "
           "'Kab.'/'Kota': decided by the desa name beneath")


def _cut(shared_data, *kabs: str) -> pd.DataFrame:
    """The gazetteer of some kabupaten of the Jawa Tengah file (no geometry), codes undotted."""
    cols = ["kode_desa", "nama_desa", "jenis", "kode_kec", "nama_kec", "kode_kab", "nama_kab",
            "kode_prov", "nama_prov"]
    gaz = pd.read_parquet(shared_data / "desa_jateng_full.parquet", columns=cols,
                          filters=[("kode_kab", "in", list(kabs))])
    gaz = gaz.astype(object)
    for col in ("kode_desa", "kode_kec", "kode_kab", "kode_prov"):
        gaz[col] = gaz[col].str.replace(".", "", regex=False)
    return gaz.sort_values("kode_desa").reset_index(drop=True)


def _export(gaz: pd.DataFrame, kab: str, seed: int) -> pd.DataFrame:
    """One area row per desa, the kabupaten written bare, names upper case, 5-60 households."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "prov": JT, "kab": kab, "kec": gaz["nama_kec"].str.upper().to_numpy(),
        "desa": gaz["nama_desa"].str.upper().to_numpy(), "kode": None,
        "n_rows": rng.integers(5, 61, len(gaz)),
    }, index=gaz["kode_desa"].to_numpy())


def _kab_rows(report: pd.DataFrame) -> list[tuple]:
    kab = report[report["tingkat"] == "kab"]
    return list(zip(kab["input_nama"], kab["metode"], kab["kode_hasil"], kab["jumlah_baris"],
                    kab["kandidat"]))


def test_one_twin_in_the_boundary_file_matches_everything(shared_data):
    """Kabupaten Magelang without Kota Magelang, read as a boundary file: bare MAGELANG."""
    from layers.boundaries import read_boundaries

    desa = read_boundaries(shared_data / "desa_jateng_full.parquet", area="33.08").desa
    gaz = pd.DataFrame(desa.drop(columns="geometry"))
    assert set(gaz["kode_kab"]) == {"3308"} and len(gaz) == 372
    areas = _export(gaz, "MAGELANG", seed=1)
    res = resolve_areas(areas, gaz)
    assert res.review.empty
    assert (res.kode_desa == pd.Series(areas.index, index=areas.index)).all()
    assert _kab_rows(res.report) == [
        ("MAGELANG", "konteks", "3308", int(areas["n_rows"].sum()), BY_KEC)]
    # counts per desa are the export's
    got = areas["n_rows"].groupby(res.kode_desa).sum()
    assert got.to_dict() == dict(zip(areas.index, areas["n_rows"]))


def test_both_twins_keep_their_households_apart(shared_data):
    """Kabupaten and Kota Tegal in one file, every household written under bare TEGAL."""
    gaz = _cut(shared_data, "33.28", "33.76")
    areas = _export(gaz, "TEGAL", seed=2)
    res = resolve_areas(areas, gaz)
    assert res.review.empty
    assert (res.kode_desa == pd.Series(areas.index, index=areas.index)).all()
    per_twin = areas["n_rows"].groupby(areas.index.str[:4]).sum()
    assert len(gaz[gaz["kode_kab"] == "3376"]) == 27
    assert _kab_rows(res.report) == [
        ("TEGAL", "konteks", "3328", int(per_twin["3328"]), BY_KEC),
        ("TEGAL", "konteks", "3376", int(per_twin["3376"]), BY_KEC)]
    # no TEGAL candidates tie any more: nothing at any level is left to review
    assert not res.report["metode"].isin(["ambiguous", "unmatched"]).any()


def test_kecamatan_of_the_absent_twin_goes_to_review(shared_data):
    """Kabupaten Tegal only; rows under bare TEGAL with a kecamatan of Kota Tegal are never
    merged into the kabupaten."""
    gaz = _cut(shared_data, "33.28")
    areas = pd.DataFrame({
        "prov": JT, "kab": "TEGAL", "kec": ["SLAWI", "TEGAL BARAT", "MARGADANA"],
        "desa": ["PROCOT", "PESURUNGAN KIDUL", "KALIGANGSA"], "kode": None,
        "n_rows": [7, 5, 3]}, index=["slawi", "kota1", "kota2"])
    res = resolve_areas(areas, gaz)
    assert res.kode_desa.to_dict() == {"slawi": "3328101008", "kota1": None, "kota2": None}
    review = res.review[res.review["tingkat"] == "kab"]
    assert len(review) == 1
    row = review.iloc[0]
    assert (row["input_nama"], row["metode"], row["jumlah_baris"]) == ("TEGAL", "ambiguous", 8)
    assert row["kandidat"].endswith(
        "nama kecamatan tidak ada di bawahnya / the kecamatan name is not under it")


def test_names_that_fit_both_twins_go_to_review(shared_data):
    """Kabupaten and Kota Magelang, an export without kecamatan: a desa name found in both
    (Wates, Kedungsari, Magersari) goes to review; one found in one twin only decides."""
    gaz = _cut(shared_data, "33.08", "33.71")
    areas = pd.DataFrame({
        "prov": JT, "kab": "MAGELANG", "kec": None,
        "desa": ["WATES", "KEDUNGSARI", "NGARGORETNO", "KEMIRIREJO"], "kode": None,
        "n_rows": [4, 6, 9, 2]}, index=["both1", "both2", "kab", "kota"])
    res = resolve_areas(areas, gaz)
    assert res.kode_desa["kab"] == "3308012001"
    assert res.kode_desa["kota"].startswith("3371")
    assert res.kode_desa["both1"] is None and res.kode_desa["both2"] is None
    rows = _kab_rows(res.report)
    assert ("MAGELANG", "konteks", "3308", 9, BY_DESA) in rows
    assert ("MAGELANG", "konteks", "3371", 2, BY_DESA) in rows
    both = res.review[res.review["tingkat"] == "kab"].iloc[0]
    assert (both["metode"], both["jumlah_baris"]) == ("ambiguous", 10)
    assert both["kandidat"] == ("Kabupaten Magelang (3308) 100.0; Kota Magelang (3371) 100.0; "
                                "nama desa cocok di keduanya / the desa name fits both")


def test_kecamatan_name_in_both_twins_goes_to_review(shared_data):
    """Nationally one kecamatan name lies in both twins: Sorong (Kabupaten 96.01, Kota 96.71)."""
    gaz = pd.read_csv(shared_data / "desa_kelurahan_indonesia.csv", dtype=str)
    gaz = gaz[gaz["kode_kab"].isin(["96.01", "96.71"])].reset_index(drop=True)
    kec = gaz[gaz["nama_kec"].str.upper() == "SORONG"]
    assert set(kec["kode_kab"]) == {"96.01", "96.71"}
    areas = pd.DataFrame({"prov": None, "kab": "SORONG", "kec": ["SORONG", "SORONG TIMUR"],
                          "desa": None, "kode": None, "n_rows": [3, 4]}, index=["both", "kota"])
    res = resolve_areas(areas, gaz)
    rows = _kab_rows(res.report)
    assert ("SORONG", "konteks", "9671", 4, BY_KEC) in rows
    both = res.review[res.review["tingkat"] == "kab"].iloc[0]
    assert (both["metode"], both["jumlah_baris"]) == ("ambiguous", 3)
    assert both["kandidat"].endswith("nama kecamatan cocok di keduanya / the kecamatan name "
                                     "fits both")


@pytest.mark.parametrize("written", ["KAB. MAGELANG", "KOTA MAGELANG"])
def test_kind_written_is_never_second_guessed(shared_data, written):
    """With Kab./Kota written the kind decides, whatever the names beneath say."""
    gaz = _cut(shared_data, "33.08", "33.71")
    areas = pd.DataFrame({"prov": JT, "kab": written, "kec": ["MAGELANG UTARA"],
                          "desa": ["KEDUNGSARI"], "kode": None, "n_rows": [1]}, index=["a"])
    res = resolve_areas(areas, gaz)
    kab = res.report[res.report["tingkat"] == "kab"].iloc[0]
    assert (kab["metode"], kab["kode_hasil"]) == (
        ("exact", "3308") if written.startswith("KAB") else ("exact", "3371"))
    assert (res.kode_desa["a"] is None) == written.startswith("KAB")


# --------------------------------------------------------------------------------------------
# layers demo --boundaries over several kabupaten (each kecamatan file writes its own kabupaten)
# --------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_demo_over_three_kabupaten_matches_its_own_households(shared_data, tmp_path):
    """Kabupaten Tegal, Kota Tegal and Kota Magelang: the generator writes each kecamatan under
    its own kabupaten (once the first kabupaten's name was written everywhere and 7 % matched),
    Kabupaten and Kota Tegal both written bare ``TEGAL`` among other spellings."""
    import geopandas as gpd

    from layers.boundaries import read_boundaries
    from layers.demo import write_demo_inputs
    from layers.registers import read_register

    cut = tmp_path / "tiga_kab.parquet"
    gpd.read_parquet(shared_data / "desa_jateng_full.parquet",
                     filters=[("kode_kab", "in", ["33.28", "33.76", "33.71"])]).to_parquet(cut)
    m = write_demo_inputs(tmp_path / "demo", boundaries=cut, n_households=1200)
    inp = tmp_path / "demo" / "input"
    gaz = pd.DataFrame(read_boundaries(cut).desa.drop(columns="geometry"))
    assert sorted(set(gaz["kode_kab"])) == ["3328", "3371", "3376"]
    h = read_register([inp / "dtks"]).households
    areas = (h.groupby(["prov", "kab", "kec", "desa", "kode"], dropna=False).size()
             .rename("n_rows").reset_index())
    written = set(areas["kab"])
    assert "TEGAL" in written and {"KOTA MAGELANG", "KAB. TEGAL", "KOTA TEGAL"} <= written
    # without the answers, only the households under the planted ambiguous names are left
    planted = m.data["mess"]["siks"]["ambiguous"]
    plain = resolve_areas(areas, gaz)
    assert set(plain.review["input_nama"]) == {a["input_nama"] for a in planted}
    assert areas.loc[plain.kode_desa.isna(), "n_rows"].sum() == sum(a["kk"] for a in planted)
    # as `layers demo` builds it (with the answers mapped): every household, each in its desa
    fixed = resolve_areas(areas, gaz, mapping=read_mapping(inp / "mapping_benar.csv"))
    matched = areas.loc[fixed.kode_desa.notna(), "n_rows"].sum() / areas["n_rows"].sum()
    assert matched >= 0.995 and fixed.review.empty
    got = areas["n_rows"].groupby(fixed.kode_desa).sum()
    truth = pd.read_csv(inp / "kebenaran_per_desa.csv", dtype={"kode_desa": str})
    truth = truth.set_index("kode_desa")["dtks_kk_terdaftar"]
    assert got.reindex(truth.index).fillna(0).astype(int).to_dict() == truth.fillna(0).astype(
        int).to_dict()
    bare = fixed.report[(fixed.report["tingkat"] == "kab")
                        & (fixed.report["input_nama"] == "TEGAL")]
    assert set(bare["metode"]) == {"konteks"} and set(bare["kode_hasil"]) <= {"3328", "3376"}


def test_one_review_row_per_bare_name(shared_data):
    """Rows of bare MAGELANG to review for two reasons (a desa name in both twins, one in
    neither) make one review row carrying both reasons and all their households."""
    gaz = _cut(shared_data, "33.08", "33.71")
    areas = pd.DataFrame({"prov": JT, "kab": "MAGELANG", "kec": None,
                          "desa": ["WATES", "ZZYZX"], "kode": None, "n_rows": [5, 2]},
                         index=["both", "neither"])
    review = resolve_areas(areas, gaz).review
    kab = review[review["tingkat"] == "kab"]
    assert len(kab) == 1 and kab.iloc[0]["jumlah_baris"] == 7
    assert kab.iloc[0]["kandidat"] == (
        "Kabupaten Magelang (3308) 100.0; Kota Magelang (3371) 100.0; nama desa cocok di "
        "keduanya / the desa name fits both; nama desa tidak ada di bawahnya / the desa name "
        "is not under it")
