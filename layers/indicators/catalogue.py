"""The indicator catalogue: one readable table of every indicator column the build writes.

Each indicator is either a **count** (extensive: adds up when areas merge) or a **rate**
(intensive: recomputed from summed counts at every level, never averaged). The catalogue says
which register layouts can provide it; an indicator a layout cannot provide is written empty,
with the reason in ``meta.json``, never as 0.

With one register in a build, columns carry the names below; with several, each register's
columns carry its prefix (``dtks_``, ``p3ke_``) so counts of different registers are never added.
"""

from __future__ import annotations

from dataclasses import dataclass

#: IDM status from lowest (worst) to highest; as a ranking indicator the ordinal 1 .. 5
IDM_STATUS: tuple[str, ...] = ("SANGAT TERTINGGAL", "TERTINGGAL", "BERKEMBANG", "MAJU",
                               "MANDIRI")
#: upper bounds of the IDM score for each status but the last (Kemendesa PDTT; DOMAIN.md)
IDM_THRESHOLDS: tuple[float, ...] = (0.4907, 0.5989, 0.7072, 0.8155)

#: register name for each layout (column prefix when several registers are built together)
REGISTER_OF_LAYOUT = {"siks": "dtks", "p3ke": "p3ke", "dtsen": "dtsen"}

#: human names of the registers
REGISTER_LABEL = {
    "dtks": ("DTKS (ekspor SIKS-NG)", "DTKS (SIKS-NG export)"),
    "p3ke": ("P3KE", "P3KE"),
    "dtsen": ("DTSEN / Regsosek", "DTSEN / Regsosek"),
}

#: columns that belong to the desa, not to a register: never prefixed
GLOBAL_COLUMNS = ("luas_km2", "kk_total", "jiwa_total")


@dataclass(frozen=True)
class Indicator:
    """One indicator column.

    Attributes
    ----------
    nama
        Column name without register prefix.
    jenis
        ``count``, ``rate`` (percent) or ``density`` (per km2).
    satuan
        Display unit.
    label_id, label_en
        Short labels for menus and legends.
    metode_id, metode_en
        How it is computed (data contract text).
    layouts
        Layouts that can provide it.
    numerator, denominator
        For rates: the count columns (without prefix) it is computed from; ``denominator`` may be
        a tuple of counts to add, or ``luas_km2``.
    """

    nama: str
    jenis: str
    satuan: str
    label_id: str
    label_en: str
    metode_id: str
    metode_en: str
    layouts: tuple[str, ...]
    numerator: str | None = None
    denominator: tuple[str, ...] | None = None


_BOTH = ("siks", "p3ke", "dtsen")
_DESIL = ("p3ke", "dtsen")
_HOUSING = ("p3ke", "dtsen")
_HOUSING_ITEMS = (
    ("kk_lantai_tanah", "KK berlantai tanah", "Households with an earth floor"),
    ("kk_dinding_buruk", "KK berdinding bambu/buruk", "Households with bamboo or poor walls"),
    ("kk_atap_buruk", "KK beratap buruk", "Households with a poor roof"),
    ("kk_tanpa_listrik", "KK tanpa listrik", "Households without electricity"),
    ("kk_air_tidak_layak", "KK air minum tidak layak", "Households without safe drinking water"),
    ("kk_tanpa_jamban", "KK tanpa jamban", "Households without a toilet"),
    ("kk_kayu_bakar", "KK memasak dengan kayu bakar", "Households cooking with firewood"),
)

CATALOGUE: tuple[Indicator, ...] = (
    Indicator("kk_terdaftar", "count", "KK", "KK terdaftar", "Registered households",
              "Jumlah keluarga berbeda setelah duplikat dibuang (SIKS-NG: NOMOR_KK berbeda; "
              "P3KE: ID Keluarga berbeda).",
              "Distinct households after removing duplicates (SIKS-NG: distinct NOMOR_KK; "
              "P3KE: distinct family ID).", _BOTH),
    Indicator("jiwa_terdaftar", "count", "jiwa", "Jiwa terdaftar", "Registered persons",
              "Jumlah orang berbeda (NOMOR_NIK) dalam keluarga terdaftar.",
              "Distinct persons (NOMOR_NIK) in registered households; DTSEN: sum of family "
              "sizes.", ("siks", "dtsen")),
    *(Indicator(f"kk_desil_{d}", "count", "KK", f"KK desil {d}", f"Households in decile {d}",
                f"Keluarga dengan Desil Kesejahteraan = {d}.",
                f"Households with welfare decile {d}.", _DESIL) for d in range(1, 5)),
    Indicator("kk_miskin_ekstrem", "count", "KK", "KK miskin ekstrem", "Extreme-poor households",
              "Keluarga desil 1 (batas di pengaturan: extreme_poverty_desil).",
              "Households in decile 1 (threshold in settings: extreme_poverty_desil). P3KE "
              "desil 1 is P3KE's own extreme-poverty group; DTSEN desil 1 is the poorest "
              "national tenth, a proxy.", _DESIL),
    Indicator("kk_pkh", "count", "KK", "KK penerima PKH", "PKH recipient households",
              "Keluarga yang minimal satu anggotanya menerima PKH.",
              "Households with at least one PKH recipient.", _BOTH),
    Indicator("kk_bpnt", "count", "KK", "KK penerima BPNT/Sembako", "BPNT/Sembako households",
              "Keluarga penerima BPNT/Sembako (SIKS-NG: BANSOS_BPNT atau BANSOS_BPNT_PPKM; "
              "P3KE: Penerima BPNT atau Penerima SEMBAKO).",
              "Households receiving BPNT/Sembako (SIKS-NG: BANSOS_BPNT or BANSOS_BPNT_PPKM; "
              "P3KE: Penerima BPNT or Penerima SEMBAKO).", _BOTH),
    Indicator("kk_pbi", "count", "KK", "KK penerima PBI-JK", "PBI-JK households",
              "Keluarga yang minimal satu anggotanya peserta PBI JKN.",
              "Households with at least one PBI-JK (subsidised health insurance) member.",
              ("siks", "dtsen")),
    Indicator("kk_desil_1_4_tanpa_bansos", "count", "KK", "Desil 1-4 tanpa bansos",
              "Decile 1-4 without aid",
              "Keluarga desil 1-4 yang tidak menerima satu pun program yang tercatat di berkas "
              "(daftar program di meta.json). Indikasi exclusion error.",
              "Decile 1-4 households receiving none of the programmes the file records (listed "
              "in meta.json). Possible exclusion errors.", _DESIL),
    Indicator("kk_inklusi", "count", "KK", "Indikasi inclusion error", "Possible inclusion errors",
              "Keluarga penerima minimal satu program yang desilnya >= inclusion_min_desil "
              "(pengaturan, bawaan 5) atau tidak padan Dukcapil.",
              "Households receiving at least one programme whose decile is >= "
              "inclusion_min_desil (settings, default 5) or not matched to Dukcapil.", _BOTH),
    # the method text below is data written to meta.json (and the committed demo): it keeps
    # the table's former path, layers/indicators/housing.py today
    *(Indicator(name, "count", "KK", lid, len_,
                f"Keluarga dengan deprivasi ini (tabel pemetaan di layers/housing.py).",
                f"Households with this deprivation (mapping table in layers/housing.py).",
                _HOUSING) for name, lid, len_ in _HOUSING_ITEMS),
    Indicator("kk_deprivasi", "count", "KK", "KK deprivasi rumah (>= k butir)",
              "Housing-deprived households (>= k items)",
              "Keluarga dengan sedikitnya k dari 7 butir deprivasi rumah (k = "
              "housing_deprivation_min di pengaturan, bawaan 3).",
              "Households with at least k of the 7 housing deprivation items (k = "
              "housing_deprivation_min in settings, default 3).", _HOUSING),
    # --- rates (recomputed from counts at every level) -----------------------------------------
    Indicator("persen_terdaftar", "rate", "%", "% KK terdaftar dari seluruh KK",
              "% of all households registered",
              "kk_terdaftar / kk_total x 100 (kk_total dari tabel penduduk, atau DTSEN).",
              "kk_terdaftar / kk_total x 100 (kk_total from the population table, or DTSEN).",
              _BOTH, "kk_terdaftar", ("kk_total",)),
    Indicator("persen_desil_1", "rate", "%", "% KK desil 1 dari seluruh KK",
              "% of all households in decile 1",
              "kk_desil_1 / kk_total x 100.", "kk_desil_1 / kk_total x 100.",
              _DESIL, "kk_desil_1", ("kk_total",)),
    Indicator("persen_miskin_ekstrem", "rate", "%", "% KK miskin ekstrem dari seluruh KK",
              "% of all households extreme-poor",
              "kk_miskin_ekstrem / kk_total x 100.", "kk_miskin_ekstrem / kk_total x 100.",
              _DESIL, "kk_miskin_ekstrem", ("kk_total",)),
    Indicator("persen_deprivasi", "rate", "%", "% terdaftar dengan deprivasi rumah",
              "% registered housing-deprived",
              "kk_deprivasi / kk_terdaftar x 100.", "kk_deprivasi / kk_terdaftar x 100.",
              _HOUSING, "kk_deprivasi", ("kk_terdaftar",)),
    Indicator("persen_pkh", "rate", "%", "% terdaftar penerima PKH", "% registered with PKH",
              "kk_pkh / kk_terdaftar x 100.", "kk_pkh / kk_terdaftar x 100.", _BOTH,
              "kk_pkh", ("kk_terdaftar",)),
    Indicator("persen_bpnt", "rate", "%", "% terdaftar penerima BPNT", "% registered with BPNT",
              "kk_bpnt / kk_terdaftar x 100.", "kk_bpnt / kk_terdaftar x 100.", _BOTH,
              "kk_bpnt", ("kk_terdaftar",)),
    Indicator("persen_pbi", "rate", "%", "% terdaftar PBI-JK", "% registered with PBI-JK",
              "kk_pbi / kk_terdaftar x 100.", "kk_pbi / kk_terdaftar x 100.", ("siks", "dtsen"),
              "kk_pbi", ("kk_terdaftar",)),
    Indicator("persen_tanpa_bansos", "rate", "%", "% desil 1-4 tanpa bansos",
              "% decile 1-4 without aid",
              "kk_desil_1_4_tanpa_bansos / (kk_desil_1 + ... + kk_desil_4) x 100.",
              "kk_desil_1_4_tanpa_bansos / (kk_desil_1 + ... + kk_desil_4) x 100.", _DESIL,
              "kk_desil_1_4_tanpa_bansos", ("kk_desil_1", "kk_desil_2", "kk_desil_3",
                                            "kk_desil_4")),
    Indicator("persen_inklusi", "rate", "%", "% indikasi inclusion error",
              "% possible inclusion errors",
              "kk_inklusi / kk_terdaftar x 100.", "kk_inklusi / kk_terdaftar x 100.", _BOTH,
              "kk_inklusi", ("kk_terdaftar",)),
    Indicator("kk_per_km2", "density", "KK/km²", "KK terdaftar per km²",
              "Registered households per km²",
              "kk_terdaftar / luas_km2.", "kk_terdaftar / luas_km2.", _BOTH,
              "kk_terdaftar", ("luas_km2",)),
)

BY_NAME = {ind.nama: ind for ind in CATALOGUE}
COUNTS = tuple(ind.nama for ind in CATALOGUE if ind.jenis == "count")
RATES = tuple(ind for ind in CATALOGUE if ind.jenis != "count")


#: rates that need a denominator column from outside the register
NEEDS_TOTAL = tuple(ind.nama for ind in RATES if ind.denominator == ("kk_total",))

#: desa-level indicators that belong to no register (population table, area)
GLOBAL_INDICATORS: tuple[Indicator, ...] = (
    Indicator("kk_total", "count", "KK", "Seluruh KK (penyebut)", "All households (denominator)",
              "Jumlah seluruh keluarga di desa: dari tabel penduduk (--population) atau, tanpa "
              "tabel itu, KK terdaftar DTSEN (DTSEN mencakup seluruh penduduk).",
              "All households of the desa: from the population table (--population) or, "
              "without it, DTSEN registered households (DTSEN covers the whole population).",
              ()),
    Indicator("jiwa_total", "count", "jiwa", "Seluruh penduduk", "Total population",
              "Jumlah penduduk desa dari tabel penduduk (--population).",
              "Population of the desa from the population table (--population).", ()),
    Indicator("jiwa_per_km2", "density", "jiwa/km²", "Kepadatan penduduk",
              "Population density", "jiwa_total / luas_km2.", "jiwa_total / luas_km2.", (),
              "jiwa_total", ("luas_km2",)),
)


def unavailable_reason(ind: Indicator, layout: str) -> tuple[str, str] | None:
    """Why ``layout`` cannot provide ``ind`` (Indonesian, English), or ``None`` if it can."""
    if layout in ind.layouts:
        return None
    names = {"siks": "ekspor SIKS-NG", "p3ke": "P3KE", "dtsen": "DTSEN"}
    names_en = {"siks": "SIKS-NG export", "p3ke": "P3KE", "dtsen": "DTSEN"}
    return (f"Tata letak {names[layout]} tidak memuat data untuk indikator ini.",
            f"The {names_en[layout]} layout carries no data for this indicator.")


def meta_entry(ind: Indicator, *, register: str | None, prefix: str = "",
               reason: tuple[str, str] | None = None) -> dict:
    """The ``meta.json`` entry of one indicator column: ``kolom`` (with the register prefix),
    ``nama``, ``register``, ``jenis``, ``satuan``, labels, method texts, and whether it is
    available; ``reason`` (Bahasa Indonesia, English) says why it is empty."""
    return {"kolom": prefix + ind.nama, "nama": ind.nama, "register": register,
            "jenis": ind.jenis, "satuan": ind.satuan, "label_id": ind.label_id,
            "label_en": ind.label_en, "metode_id": ind.metode_id, "metode_en": ind.metode_en,
            "tersedia": reason is None,
            "alasan_id": reason[0] if reason else None,
            "alasan_en": reason[1] if reason else None}
