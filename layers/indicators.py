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

#: register name for each layout (column prefix when several registers are built together)
REGISTER_OF_LAYOUT = {"siks": "dtks", "p3ke": "p3ke"}

#: human names of the registers
REGISTER_LABEL = {
    "dtks": ("DTKS (ekspor SIKS-NG)", "DTKS (SIKS-NG export)"),
    "p3ke": ("P3KE", "P3KE"),
}


@dataclass(frozen=True)
class Indicator:
    """One indicator column.

    Attributes
    ----------
    name
        Column name without register prefix.
    kind
        ``count``, ``rate`` (percent) or ``density`` (per km2).
    unit
        Display unit.
    label_id, label_en
        Short labels for menus and legends.
    method_id, method_en
        How it is computed (data contract text).
    layouts
        Layouts that can provide it.
    numerator, denominator
        For rates: the count columns (without prefix) it is computed from; ``denominator`` may be
        a tuple of counts to add, or ``luas_km2``.
    """

    name: str
    kind: str
    unit: str
    label_id: str
    label_en: str
    method_id: str
    method_en: str
    layouts: tuple[str, ...]
    numerator: str | None = None
    denominator: tuple[str, ...] | None = None


_BOTH = ("siks", "p3ke")

CATALOGUE: tuple[Indicator, ...] = (
    Indicator("kk_terdaftar", "count", "KK", "KK terdaftar", "Registered households",
              "Jumlah keluarga berbeda setelah duplikat dibuang (SIKS-NG: NOMOR_KK berbeda; "
              "P3KE: ID Keluarga berbeda).",
              "Distinct households after removing duplicates (SIKS-NG: distinct NOMOR_KK; "
              "P3KE: distinct family ID).", _BOTH),
    Indicator("jiwa_terdaftar", "count", "jiwa", "Jiwa terdaftar", "Registered persons",
              "Jumlah orang berbeda (NOMOR_NIK) dalam keluarga terdaftar.",
              "Distinct persons (NOMOR_NIK) in registered households.", ("siks",)),
    *(Indicator(f"kk_desil_{d}", "count", "KK", f"KK desil {d}", f"Households in decile {d}",
                f"Keluarga dengan Desil Kesejahteraan = {d}.",
                f"Households with welfare decile {d}.", ("p3ke",)) for d in range(1, 5)),
    Indicator("kk_miskin_ekstrem", "count", "KK", "KK miskin ekstrem", "Extreme-poor households",
              "Keluarga desil 1 (batas di pengaturan: extreme_poverty_desil).",
              "Households in decile 1 (threshold in settings: extreme_poverty_desil).",
              ("p3ke",)),
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
              ("siks",)),
    Indicator("kk_desil_1_4_tanpa_bansos", "count", "KK", "Desil 1-4 tanpa bansos",
              "Decile 1-4 without aid",
              "Keluarga desil 1-4 yang tidak menerima satu pun program yang tercatat di berkas "
              "(daftar program di meta.json). Indikasi exclusion error.",
              "Decile 1-4 households receiving none of the programmes the file records (listed "
              "in meta.json). Possible exclusion errors.", ("p3ke",)),
    Indicator("kk_inklusi", "count", "KK", "Indikasi inclusion error", "Possible inclusion errors",
              "Keluarga penerima minimal satu program yang desilnya >= inclusion_min_desil "
              "(pengaturan, bawaan 5) atau tidak padan Dukcapil.",
              "Households receiving at least one programme whose decile is >= "
              "inclusion_min_desil (settings, default 5) or not matched to Dukcapil.", _BOTH),
    # --- rates (recomputed from counts at every level) -----------------------------------------
    Indicator("persen_desil_1", "rate", "%", "% desil 1 dari terdaftar",
              "% decile 1 of registered",
              "kk_desil_1 / kk_terdaftar x 100.", "kk_desil_1 / kk_terdaftar x 100.",
              ("p3ke",), "kk_desil_1", ("kk_terdaftar",)),
    Indicator("persen_pkh", "rate", "%", "% terdaftar penerima PKH", "% registered with PKH",
              "kk_pkh / kk_terdaftar x 100.", "kk_pkh / kk_terdaftar x 100.", _BOTH,
              "kk_pkh", ("kk_terdaftar",)),
    Indicator("persen_bpnt", "rate", "%", "% terdaftar penerima BPNT", "% registered with BPNT",
              "kk_bpnt / kk_terdaftar x 100.", "kk_bpnt / kk_terdaftar x 100.", _BOTH,
              "kk_bpnt", ("kk_terdaftar",)),
    Indicator("persen_pbi", "rate", "%", "% terdaftar PBI-JK", "% registered with PBI-JK",
              "kk_pbi / kk_terdaftar x 100.", "kk_pbi / kk_terdaftar x 100.", ("siks",),
              "kk_pbi", ("kk_terdaftar",)),
    Indicator("persen_tanpa_bansos", "rate", "%", "% desil 1-4 tanpa bansos",
              "% decile 1-4 without aid",
              "kk_desil_1_4_tanpa_bansos / (kk_desil_1 + ... + kk_desil_4) x 100.",
              "kk_desil_1_4_tanpa_bansos / (kk_desil_1 + ... + kk_desil_4) x 100.", ("p3ke",),
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

BY_NAME = {ind.name: ind for ind in CATALOGUE}
COUNTS = tuple(ind.name for ind in CATALOGUE if ind.kind == "count")
RATES = tuple(ind for ind in CATALOGUE if ind.kind != "count")


def column(name: str, register: str, *, prefixed: bool) -> str:
    """Column name of indicator ``name`` for ``register`` (prefixed when several registers)."""
    return f"{register}_{name}" if prefixed else name


def unavailable_reason(ind: Indicator, layout: str) -> tuple[str, str] | None:
    """Why ``layout`` cannot provide ``ind`` (Indonesian, English), or ``None`` if it can."""
    if layout in ind.layouts:
        return None
    names = {"siks": "ekspor SIKS-NG", "p3ke": "P3KE"}
    names_en = {"siks": "SIKS-NG export", "p3ke": "P3KE"}
    return (f"Tata letak {names[layout]} tidak memuat data untuk indikator ini.",
            f"The {names_en[layout]} layout carries no data for this indicator.")
