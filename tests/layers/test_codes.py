"""Kemendagri code normalisation and area-name parsing (layers.codes)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from layers.codes import (KAB_KOTA_SHARED_NAMES, ParsedName, compact, differ_by_qualifier,
                          dotted, expand_abbreviations, fold_name, jenis_from_kode,
                          kode_from_parts, normalize_kode, parent, parse_name, qualifiers)
from layers.settings import DEFAULT

DIRECTIONS = DEFAULT.direction_words


# --------------------------------------------------------------------------------------------
# normalize_kode
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, level, expected", [
    # the forms real files carry
    ("33.16.06.2002", "desa", "3316062002"),
    ("3316062002", "desa", "3316062002"),
    (3316062002, "desa", "3316062002"),
    (np.int64(3316062002), "desa", "3316062002"),
    (3316062002.0, "desa", "3316062002"),
    (np.float64(3316062002.0), "desa", "3316062002"),
    ("3316062002.0", "desa", "3316062002"),
    ("'3316062002", "desa", "3316062002"),
    ('"3316062002"', "desa", "3316062002"),
    ("  33.16.06.2002 ", "desa", "3316062002"),
    ("33 16 06 2002", "desa", "3316062002"),
    ("33.16.6.2002", "desa", "3316062002"),        # a part lost its leading zero
    ("3,316,062,002", "desa", "3316062002"),       # thousand separators (en)
    ("3.316.062.002", "desa", "3316062002"),       # thousand separators (id)
    ("3.316062002E+09", "desa", "3316062002"),     # scientific with every digit written
    (33.16062002, "desa", "3316062002"),           # dotted desa code read as a number
    # dotted codes of the upper levels that Excel turned into numbers
    (33.16, "kab", "3316"),
    ("33.16", "kab", "3316"),
    ("33,16", "kab", "3316"),                      # decimal comma (Indonesian Excel)
    (33.1, "kab", "3310"),                         # 33.10 lost its trailing zero
    ("33.1", "kab", "3310"),
    (33.01, "kab", "3301"),
    ("33.16.06", "kec", "331606"),
    ("33.1606", "kec", "331606"),                  # partly dotted
    (33.1606, "kec", "331606"),
    ("331606", "kec", "331606"),
    ("33", "prov", "33"),
    (33.0, "prov", "33"),
    ("3316", "kabupaten", "3316"),                 # long level names accepted
])
def test_normalize_kode_repairs_damaged_forms(value, level, expected):
    assert normalize_kode(value, level) == expected


@pytest.mark.parametrize("value, level", [
    ("3.31606E+09", "desa"),        # Excel kept 6 significant digits: the rest is lost
    (3316060000, "desa"),           # what 3.31606E+09 becomes as a number: village 0000
    ("3.3160620E+09", "desa"),      # 8 significant digits for a 10-digit code
    ("331606200", "desa"),          # 9 digits: province codes never start with 0
    ("3316062002", "kec"),          # a desa code is not a kecamatan code
    ("33.16", "desa"),              # a kab code is not a desa code
    ("33.16", "kec"),
    ("3316064002", "desa"),         # village part starting with 4
    ("0816062002", "desa"),         # province 08 does not exist
    ("3300062002", "desa"),         # kab part 00
    ("abc", "desa"),
    ("33.16.06.20x2", "desa"),
    ("", "desa"),
    ("-", "desa"),
    (None, "desa"),
    (float("nan"), "desa"),
    (pd.NA, "desa"),
    (True, "desa"),
    (-3316062002, "desa"),
])
def test_normalize_kode_refuses_what_cannot_be_a_code(value, level):
    assert normalize_kode(value, level) is None


def test_normalize_kode_unknown_level_is_a_programming_error():
    with pytest.raises(ValueError):
        normalize_kode("3316062002", "dusun")


def test_kode_from_parts_restores_leading_zeros_of_split_columns():
    assert kode_from_parts(33, 16, 6, 2002) == "3316062002"
    assert kode_from_parts("33", "16", "6.0") == "331606"
    assert kode_from_parts(33.0, 16.0, 6.0, 2002.0) == "3316062002"
    # a column that already holds the full code of its level
    assert kode_from_parts("33", "3316", "331606", "3316062002") == "3316062002"
    assert kode_from_parts(33, 16, None, None) == "3316"
    # a part too long for its place, or not a number
    assert kode_from_parts(33, 16, 606, 2002) is None
    assert kode_from_parts(33, "X", 6) is None
    assert kode_from_parts(None) is None


def test_dotted_jenis_parent():
    assert dotted("3316062002") == "33.16.06.2002"
    assert dotted("331606") == "33.16.06"
    assert dotted("3316") == "33.16"
    assert dotted("33") == "33"
    assert dotted("not a code") == "not a code"
    assert jenis_from_kode("3316062002") == "desa"
    assert jenis_from_kode("33.03.05.1011") == "kelurahan"
    assert jenis_from_kode("9103013007") == "desa_adat"
    assert jenis_from_kode("3374") == "kota"
    assert jenis_from_kode("3322") == "kabupaten"
    assert jenis_from_kode("331606") is None
    assert parent("3316062002", "kec") == "331606"
    assert parent("33.16.06.2002", "kab") == "3316"
    assert parent("3316062002", "prov") == "33"
    assert parent("3316062002", "desa") == "3316062002"
    assert parent("3316", "kec") is None
    assert parent("garbage", "kab") is None


def test_codes_of_the_real_table_all_normalise(shared_data):
    table = pd.read_csv(shared_data / "kode_wilayah_kemendagri_2025.csv", dtype=str)
    level = table["tingkat"].map({"provinsi": "prov", "kabupaten_kota": "kab",
                                  "kecamatan": "kec", "desa_kelurahan": "desa"})
    got = [normalize_kode(k, lvl) for k, lvl in zip(table["kode"], level)]
    assert got == table["kode"].str.replace(".", "", regex=False).tolist()
    assert len(got) == 91_599
    # round trip through the display form
    assert all(dotted(g) == k for g, k in zip(got, table["kode"]))
    # the code says the kind, exactly as the table does
    kab = table[level == "kab"]
    assert [jenis_from_kode(k) for k in kab["kode"]] == kab["jenis"].tolist()
    desa = table[level == "desa"]
    assert [jenis_from_kode(k) for k in desa["kode"]] == desa["jenis"].tolist()


# --------------------------------------------------------------------------------------------
# names
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, level, expected", [
    ("Kab. Blora", "kab", ("kabupaten", "BLORA")),
    ("KAB BLORA", "kab", ("kabupaten", "BLORA")),
    ("Kabupaten  Blora", "kab", ("kabupaten", "BLORA")),
    ("BLORA", "kab", (None, "BLORA")),
    ("KOTA SEMARANG", "kab", ("kota", "SEMARANG")),
    ("Kot. Semarang", "kab", ("kota", "SEMARANG")),
    ("Kotamadya Semarang", "kab", ("kota", "SEMARANG")),
    ("Kabupaten Kotabaru", "kab", ("kabupaten", "KOTABARU")),
    ("Kotabaru", "kab", (None, "KOTABARU")),
    ("Kabupaten Kota Baru", "kab", ("kabupaten", "KOTA BARU")),
    ("Kabupaten Kotawaringin Barat", "kab", ("kabupaten", "KOTAWARINGIN BARAT")),
    ("Kota Kotamobagu", "kab", ("kota", "KOTAMOBAGU")),
    ("Kota Administrasi Jakarta Utara ", "kab", ("kota", "JAKARTA UTARA")),
    ("Desa Sambongrejo", "desa", ("desa", "SAMBONGREJO")),
    ("Ds. Sambong Rejo", "desa", ("desa", "SAMBONG REJO")),
    ("DS SAMBONGREJO", "desa", ("desa", "SAMBONGREJO")),
    ("Kel. Bangkle", "desa", ("kelurahan", "BANGKLE")),
    ("Kelurahan Bangkle", "desa", ("kelurahan", "BANGKLE")),
    ("Desa Adat Yoboi", "desa", ("desa_adat", "YOBOI")),
    ("Kelurahan", "desa", (None, "KELURAHAN")),      # a real desa (33.22.08.2003)
    ("Kabupaten", "desa", (None, "KABUPATEN")),      # a real kelurahan (33.10.25.1002)
    ("Kota Baru", "desa", (None, "KOTA BARU")),      # only desa prefixes at desa level
    ("Kecamatan Sambong", "kec", (None, "SAMBONG")),
    ("Kec. Sambong", "kec", (None, "SAMBONG")),
    ("Kota Baru", "kec", (None, "KOTA BARU")),       # a real kecamatan name
    ("Prov. Jawa Tengah", "prov", (None, "JAWA TENGAH")),
    ("Provinsi DKI Jakarta", "prov", (None, "JAKARTA")),
    ("Daerah Khusus Ibukota Jakarta", "prov", (None, "JAKARTA")),
    ("DI Yogyakarta", "prov", (None, "YOGYAKARTA")),
    ("Daerah Istimewa Yogyakarta", "prov", (None, "YOGYAKARTA")),
    ("JATENG", "prov", (None, "JAWA TENGAH")),
    ("Ma'u", "kec", (None, "MAU")),
    ("Tgk.Dibanda  Pirak", "desa", (None, "TGK DIBANDA PIRAK")),
    (None, "desa", (None, "")),
])
def test_parse_name(raw, level, expected):
    assert parse_name(raw, level) == ParsedName(*expected)


def test_compact_key_makes_spelling_variants_equal():
    assert compact("SAMBONG REJO") == compact("SAMBONGREJO") == "SAMBONGREJO"
    assert compact(parse_name("Desa Sambong-Rejo", "desa").core) == "SAMBONGREJO"
    assert compact("TEMANGGUNG I") == compact("Temanggung 1") == "TEMANGGUNG1"
    assert compact("LEILEM DUA") == compact("LEILEM 2") == compact("Leilem II")
    assert compact("RT 01") == "RT1"
    # two numerals in a row stay apart: "I,II" is not "XII"
    assert compact("Lubuk Pakam I,II") == "LUBUKPAKAM1|2"
    assert compact("Lubuk Pakam XII") != compact("Lubuk Pakam I,II")
    assert compact("Lubuk Pakam III") == "LUBUKPAKAM3"
    # different villages stay different
    assert compact("KESUGIHAN") != compact("KESUGIHAN KIDUL")
    assert fold_name("  Kel.  Ma'u ") == "KEL MAU"


def test_qualifiers_and_direction_guard():
    assert qualifiers("KESUGIHAN KIDUL", DIRECTIONS) == ("KIDUL",)
    assert qualifiers("SUMBEREJO II", DIRECTIONS) == ("2",)
    assert qualifiers("TOUNELET SATU", DIRECTIONS) == ("1",)
    assert differ_by_qualifier("KESUGIHAN", "KESUGIHAN KIDUL", DIRECTIONS)
    assert differ_by_qualifier("KESUGIHANKIDUL", "KESUGIHAN", DIRECTIONS)   # glued
    assert differ_by_qualifier("SUMBEREJO I", "SUMBEREJO II", DIRECTIONS)
    assert differ_by_qualifier("MULYOREJO 1", "MULYOREJO", DIRECTIONS)
    assert differ_by_qualifier("PUCUNG LOR", "PUCUNG KIDUL", DIRECTIONS)
    assert not differ_by_qualifier("SAMBONGREJ0", "SAMBONGREJO", DIRECTIONS)
    assert not differ_by_qualifier("SOKARAJA LOR", "SOKARAJA  LOR", DIRECTIONS)
    assert not differ_by_qualifier("KESUGIHANN", "KESUGIHAN", DIRECTIONS)
    assert differ_by_qualifier("LEILEMDUA", "LEILEM", DIRECTIONS)
    assert differ_by_qualifier("MULYOREJO1", "MULYOREJO", DIRECTIONS)
    assert differ_by_qualifier("SEMARANG X", "SEMARANG", DIRECTIONS)        # roman, spaced
    assert not differ_by_qualifier("SEMARANGX", "SEMARANG", DIRECTIONS)     # glued letter


def test_real_kab_names_round_trip(shared_data):
    """Every kab/kota name parses to the kind the table gives, and no two kab of one province
    share a key once the kind is known (Kabupaten Kotabaru, Kota Kotamobagu ...)."""
    table = pd.read_csv(shared_data / "kode_wilayah_kemendagri_2025.csv", dtype=str)
    kab = table[table["tingkat"] == "kabupaten_kota"].copy()
    parsed = [parse_name(n, "kab") for n in kab["nama"]]
    assert [p.kind for p in parsed] == kab["jenis"].tolist()
    kab["key"] = [compact(p.core) for p in parsed]
    kab["kind"] = [p.kind for p in parsed]
    assert not kab.duplicated(["kode_induk", "kind", "key"]).any()
    keys = dict(zip(kab["nama"], kab["key"]))
    assert keys["Kabupaten Kotabaru"] == "KOTABARU"
    assert keys["Kabupaten Kotawaringin Barat"] == "KOTAWARINGINBARAT"
    assert keys["Kota Kotamobagu"] == "KOTAMOBAGU"
    # the pairs that share a core: exactly the Kabupaten X / Kota X pairs
    shared = kab[kab.duplicated(["kode_induk", "key"], keep=False)]
    assert {"SEMARANG", "BANDUNG", "MAGELANG", "TEGAL", "PEKALONGAN"} <= set(shared["key"])
    pairs = {key: sorted(group) for key, group in shared.groupby("key")["kind"]}
    assert all(kinds == ["kabupaten", "kota"] for kinds in pairs.values())
    # nationally (Kabupaten Banjar and Kota Banjar are in two provinces) the constant matches
    national = kab[kab.duplicated("key", keep=False)]
    assert set(national["key"]) == KAB_KOTA_SHARED_NAMES
    assert len(KAB_KOTA_SHARED_NAMES) == 26


def test_real_desa_names_keep_their_kind(shared_data):
    """Desa-level prefixes found in real names agree with the table's jenis."""
    table = pd.read_csv(shared_data / "kode_wilayah_kemendagri_2025.csv", dtype=str)
    desa = table[table["tingkat"] == "desa_kelurahan"]
    kinds = pd.Series([parse_name(n, "desa").kind for n in desa["nama"]], index=desa.index)
    with_kind = kinds.notna()
    assert int(with_kind.sum()) == 21          # 14 "Desa Adat ..." and 7 "Desa ..."
    agree = [(k == j) or (k == "desa" and j == "desa") for k, j in
             zip(kinds[with_kind], desa.loc[with_kind, "jenis"])]
    assert all(agree)


@pytest.mark.parametrize("core, expanded", [
    ("SUMBERSARI KDL", "SUMBERSARI KIDUL"),
    ("KURIPAN KD", "KURIPAN KIDUL"),
    ("SUMBRSRI K", "SUMBRSRI KIDUL"),
    ("Karangrejo Lr", "KARANGREJO LOR"),
    ("SOKARAJA KLN", "SOKARAJA KULON"),
    ("SOKARAJA WTN", "SOKARAJA WETAN"),
    ("PURWOREJO TGH", "PURWOREJO TENGAH"),
    ("K", "K"),                                  # a name is never expanded
    ("LR SARI", "LR SARI"),                      # the first word is the name
    ("K SARI", "K SARI"),
    ("KAMPUNG K BARU", "KAMPUNG K BARU"),        # K only as the last word
    ("SIDOMULYO KIDUL", "SIDOMULYO KIDUL"),
])
def test_expand_abbreviations(core, expanded):
    assert expand_abbreviations(core) == expanded
