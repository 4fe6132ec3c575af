"""layers.matching.bridge: BPS -> Kemendagri via the boundary file or a crosswalk, not digits."""

from __future__ import annotations

import pandas as pd
import pytest

from layers.boundaries import gazetteer, read_boundaries
from layers.matching.bridge import (
    CASE_MERGED, CASE_SPLIT, clean_bps, from_gazetteer, load_bridge, read_crosswalk,
    resolve_bps,
)
from layers.errors import InputError

# A small boundary gazetteer (Kemendagri codes; BPS codes as the boundary file carries them).
#   3316062001 Gadu       <- BPS 3316060001
#   3316062002 Sambongrejo <- BPS 3316060002 and 3316060009 (two BPS desa, one Kemendagri desa)
#   3316062003 Ledok      <- BPS 3316060003 (which also "belongs" to Brabowan: a split)
#   3316062004 Brabowan   <- BPS 3316060003
#   3316071001 Kunden (kelurahan, another kecamatan) <- BPS 3316070010
GAZ = pd.DataFrame({
    "kode_desa": ["3316062001", "3316062002", "3316062003", "3316062004", "3316071001"],
    "nama_desa": ["Gadu", "Sambongrejo", "Ledok", "Brabowan", "Kunden"],
    "jenis": ["desa", "desa", "desa", "desa", "kelurahan"],
    "kode_kec": ["331606"] * 4 + ["331607"],
    "nama_kec": ["Sambong"] * 4 + ["Blora"],
    "kode_kab": ["3316"] * 5, "nama_kab": ["Kabupaten Blora"] * 5,
    "kode_prov": ["33"] * 5, "nama_prov": ["Jawa Tengah"] * 5,
    "kode_desa_bps": ["3316060001", "3316060002;3316060009", "3316060003", "3316060003",
                      "3316070010"],
})


def areas(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["kode_bps", "kec", "desa", "n_rows"])


@pytest.mark.parametrize("value, expected", [
    ("3316060002", "3316060002"), (" '3316060002", "3316060002"), ("3316060002.0", "3316060002"),
    (3316060002, "3316060002"), ("33.16.060.002", "3316060002"), ("33.16.06.2002", None),
    ("331606002", None), ("0016060002", None), ("", None), (None, None), (float("nan"), None),
])
def test_clean_bps(value, expected):
    assert clean_bps(value) == expected


def test_bridge_from_boundary_file_lists_both_kinds_of_case():
    bridge = from_gazetteer(GAZ)
    assert bridge.source == "batas_wilayah"
    assert bridge.lookup()["3316060003"] == ["3316062003", "3316062004"]
    assert bridge.lookup()["3316060009"] == ["3316062002"]
    cases = bridge.cases.set_index("kasus")
    assert cases.loc[CASE_SPLIT, "kode_desa_bps"] == "3316060003"
    assert cases.loc[CASE_SPLIT, "kode_desa"] == "3316062003;3316062004"
    assert cases.loc[CASE_MERGED, "kode_desa_bps"] == "3316060002;3316060009"
    assert bridge.stats["split"] == 1 and bridge.stats["merged"] == 1


def test_boundary_without_bps_column_is_refused_with_a_hint():
    with pytest.raises(InputError) as err:
        from_gazetteer(GAZ.drop(columns="kode_desa_bps"))
    assert "--crosswalk" in str(err.value) and "kode_desa_bps" in str(err.value)
    with pytest.raises(InputError):
        load_bridge(GAZ.assign(kode_desa_bps=pd.NA))


def test_resolve_every_case_and_drop_no_row():
    inp = areas(
        ("3316060001", "SAMBONG", "GADU", 5),             # one to one
        ("3316060002", "SAMBONG", "SAMBONGREJO", 3),      # merged with ...
        ("3316060009", "SAMBONG", "KRAJAN SAMBONG", 2),   # ... this one into Sambongrejo
        ("3316060003", "SAMBONG", "LEDOK", 4),            # split: review, unresolved
        ("3316070010", "BLORA", "KUNDEN", 1),
        ("9999990001", "SAMBONG", "GADU", 7),             # unknown to the bridge: by name
        ("", "SAMBONG", "BRABOWAN", 6),                   # no BPS code: by name
        ("33160600", "SAMBONG", "DESA ENTAH", 2),         # invalid code, unknown name
    )
    m = resolve_bps(inp, GAZ, bridge=from_gazetteer(GAZ))
    assert m.kode_desa.tolist() == ["3316062001", "3316062002", "3316062002", None,
                                    "3316071001", "3316062001", "3316062004", None]
    assert m.metode.tolist() == ["kode_bps", "kode_bps", "kode_bps", "ambiguous", "kode_bps",
                                 "exact", "exact", "unmatched"]
    assert m.kode_kec.tolist()[3] == "331606"     # the split stays within one kecamatan
    desa_rows = m.report[m.report["tingkat"] == "desa"]
    assert len(desa_rows) == len(inp)             # one desa row per input area
    assert int(desa_rows["jumlah_baris"].sum()) == int(inp["n_rows"].sum())   # nothing dropped
    split = desa_rows[desa_rows["input_kode"] == "3316060003"].iloc[0]
    assert split["metode"] == "ambiguous"
    assert "Ledok (3316062003)" in split["kandidat"]
    assert "Brabowan (3316062004)" in split["kandidat"]
    assert "cannot be divided" in split["kandidat"]
    merged = desa_rows[desa_rows["input_kode"] == "3316060009"].iloc[0]
    assert merged["nama_hasil"] == "Sambongrejo" and "3316060002" in merged["kandidat"]
    assert set(m.review["metode"]) == {"ambiguous", "unmatched"}
    assert m.review["input_kode"].tolist().count("3316060003") == 1
    status = dict(zip(m.bps["kode_desa_bps"], m.bps["status"]))
    assert status == {"3316060001": "kode_bps", "3316060002": "kode_bps",
                      "3316060009": "kode_bps", "3316060003": "satu_ke_banyak",
                      "3316070010": "kode_bps", "9999990001": "tidak_dikenal",
                      "": "kosong", "33160600": "tidak_sah"}
    cases = {(c.kasus, c.kode_desa): c.jumlah_baris for c in m.cases.itertuples()}
    assert cases == {(CASE_SPLIT, "3316062003;3316062004"): 4,
                     (CASE_MERGED, "3316062002"): 5}
    assert m.source == "batas_wilayah"


def test_code_outside_the_boundary_file_is_not_in_area(tmp_path):
    cw = tmp_path / "padanan.csv"
    cw.write_text("kode_desa_bps,kode_desa\n3316060001,33.16.06.2001\n"
                  "3307010001,33.07.01.2001\n", encoding="utf-8")
    m = resolve_bps(areas(("3307010001", "", "", 3)), GAZ, bridge=read_crosswalk(cw))
    assert m.kode_desa.tolist() == [None] and m.metode.tolist() == ["not_in_area"]
    assert m.review.empty and m.bps["status"].tolist() == ["di_luar_wilayah"]


def test_crosswalk_layout(tmp_path):
    cw = tmp_path / "crosswalk.csv"
    cw.write_text(
        "Padanan kode desa 2025\n"
        "KODE_DESA_BPS;NAMA;KODE_DESA\n"
        "3316060001;GADU;33.16.06.2001\n"
        "3316060002.0;SAMBONGREJO;3316062002\n"
        "3316060009;KRAJAN;33.16.6.2002\n"              # Kemendagri part lost a zero
        "3316060003;LEDOK;3316062003;3316062004\n"      # too many cells: listed, not read
        "3316060004;X;33.16.06.9999\n"                  # invalid Kemendagri code
        "12345;Y;3316062001\n"                          # invalid BPS code
        ";Z;3316062005\n"                               # Kemendagri desa without BPS code
        "3316060007;W;\n",                              # BPS desa without Kemendagri code
        encoding="utf-8")
    b = read_crosswalk(cw)
    assert b.source == "crosswalk.csv"
    look = b.lookup()
    assert look["3316060001"] == ["3316062001"] and look["3316060002"] == ["3316062002"]
    assert look["3316060009"] == ["3316062002"] and look["3316060007"] == [None]
    assert "3316060004" not in look
    assert b.rejected[["row", "kolom"]].values.tolist() == [[6, ""], [7, "KODE_DESA"],
                                                            [8, "KODE_DESA_BPS"]]
    assert b.stats["rows_without_bps"] == 1 and b.stats["bps_without_kemendagri"] == 1
    assert b.stats["merged"] == 1 and len(b.stats["sha256"]) == 64
    m = resolve_bps(areas(("3316060007", "SAMBONG", "SAMBONGREJO", 2)), GAZ, bridge=b)
    assert m.kode_desa.tolist() == ["3316062002"]             # no Kemendagri code: by name
    assert m.bps["status"].tolist() == ["tanpa_kode_kemendagri"]


def test_crosswalk_semicolon_joined_cells(tmp_path):
    cw = tmp_path / "cw.csv"
    cw.write_text('kode_bps,kode_kemendagri\n3316060003,"33.16.06.2003;33.16.06.2004"\n'
                  '"3316060002;3316060009",3316062002\n', encoding="utf-8")
    b = read_crosswalk(cw)
    assert b.lookup() == {"3316060002": ["3316062002"], "3316060003": ["3316062003",
                                                                       "3316062004"],
                          "3316060009": ["3316062002"]}


def test_crosswalk_without_columns_is_refused(tmp_path):
    cw = tmp_path / "cw.csv"
    cw.write_text("bps_code,other\n3316060001,x\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_crosswalk(cw)
    assert "kode_desa_bps" in str(err.value) and "cw.csv" in str(err.value)
    empty = tmp_path / "empty.csv"
    empty.write_text("kode_desa_bps,kode_desa\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError):
        read_crosswalk(empty)


@pytest.mark.slow
def test_shared_crosswalk_accepted_as_is(shared_data):
    b = read_crosswalk(shared_data / "crosswalk_bps_kemendagri_desa.csv")
    assert b.rejected.empty
    assert b.stats["merged"] == 22                    # README: 22 Kemendagri desa with >1 BPS
    assert b.stats["split"] == 0
    assert b.stats["bps_without_kemendagri"] == 578
    res = read_boundaries(shared_data / "geojson" / "desa_wonosobo.geojson")
    gaz = gazetteer(res.desa)
    inp = pd.DataFrame({"kode_bps": gaz["kode_desa_bps"], "n_rows": 1})
    by_file = resolve_bps(inp, gaz, bridge=b)
    by_boundary = resolve_bps(inp, gaz, bridge=from_gazetteer(gaz))
    assert by_file.kode_desa.tolist() == gaz["kode_desa"].tolist()
    assert by_boundary.kode_desa.tolist() == gaz["kode_desa"].tolist()
    # Kemendagri 33.16.10 Tunjungan is BPS 3316120: never by rewriting digits
    look = b.lookup()
    assert all(k[0].startswith("331610") for bps, k in look.items()
               if bps.startswith("3316120") and k != [None])
