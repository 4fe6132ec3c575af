"""The method that travels with a ranking: the rules in words (Bahasa Indonesia, English), the
``RankResult.method`` record, and readable sentences for the reasons a desa is left out.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from layers.ranking.columns import indicator_info
from layers.ranking.spec import (REASON_EMPTY, REASON_IDM, REASON_KELURAHAN, SKOR_DECIMALS,
                                 RankSpec)

_REASONS = {
    REASON_KELURAHAN: (
        "Kelurahan: tidak menerima Dana Desa dan tidak ber-Musdes, tidak diperingkat "
        "(aktifkan 'sertakan kelurahan' untuk ikut diperingkat)",
        "Kelurahan: no Dana Desa and no Musdes, not ranked (switch 'include kelurahan' on to "
        "rank it)"),
    REASON_IDM: ("Status IDM di luar filter yang dipilih (atau kosong)",
                 "IDM status outside the chosen filter (or empty)"),
    REASON_EMPTY: ("Data kosong untuk indikator terpilih", "No data for a chosen indicator"),
}

TIE_RULE = (
    f"Skor dibulatkan ke {SKOR_DECIMALS} desimal (seperti ditampilkan). Desa dengan skor sama "
    "mendapat peringkat sama, yaitu peringkat terkecil kelompoknya (1, 2, 2, 4); urutan tampil "
    "di dalam kelompok seri menurut kode_desa.",
    f"skor is rounded to {SKOR_DECIMALS} decimals (as displayed). Desa with equal skor share the "
    "same peringkat, the lowest of their group (1, 2, 2, 4); within a tie they are listed by "
    "kode_desa.")

TIER_TEXT = {
    "tertil": (
        "Tertil menurut peringkat: dengan n desa diperingkat, prioritas 1 = peringkat <= "
        "ceil(n/3), prioritas 2 = peringkat <= ceil(2n/3), sisanya prioritas 3. Desa seri di "
        "batas ikut kelompok yang lebih tinggi.",
        "Thirds by peringkat: with n ranked desa, prioritas 1 = peringkat <= ceil(n/3), "
        "prioritas 2 = peringkat <= ceil(2n/3), the rest prioritas 3. Desa tied at a boundary "
        "go to the higher tier."),
    "jenks": (
        "Pemutusan alami (Fisher-Jenks eksak, 3 kelas) atas skor: kelas skor tertinggi = "
        "prioritas 1; skor sama selalu satu kelas. Dengan kurang dari 4 nilai skor berbeda, "
        "tiap nilai satu kelas.",
        "Natural breaks (exact Fisher-Jenks, 3 classes) of skor: the highest class = prioritas "
        "1; equal skor always share a class. With fewer than 4 distinct skor values, each value "
        "is its own class."),
}

NORMALISATION_TEXT = {
    "minmax": (
        "Min-maks: (x - min) / (maks - min) atas desa yang diperingkat; arah 'lower' memakai "
        "(maks - x) / (maks - min). Indikator yang nilainya sama di semua desa bernilai 0.",
        "Min-max: (x - min) / (max - min) over the ranked desa; direction 'lower' uses "
        "(max - x) / (max - min). An indicator with the same value in every desa gives 0."),
    "rank": (
        "Peringkat persentil: (r - 1) / (n - 1) dengan r peringkat rata-rata (nilai seri "
        "berbagi r) atas desa yang diperingkat; arah 'lower' membalik urutan. Indikator yang "
        "nilainya sama di semua desa bernilai 0.",
        "Percentile rank: (r - 1) / (n - 1) with r the average rank (tied values share r) over "
        "the ranked desa; direction 'lower' reverses the order. An indicator with the same value "
        "in every desa gives 0."),
}

SCORE_TEXT = (
    "skor = 100 x jumlah(bobot_dinormalkan x nilai_dinormalkan); kontribusi_<indikator> = "
    "100 x bobot_dinormalkan x nilai_dinormalkan, jadi jumlah kontribusi = skor (0-100). Bobot "
    "dibagi jumlahnya; bobot 0 = indikator tidak dipakai.",
    "skor = 100 x sum(normalised weight x normalised value); kontribusi_<indicator> = 100 x "
    "normalised weight x normalised value, so the contributions add up to skor (0-100). Weights "
    "are divided by their sum; weight 0 = indicator not used.")


def reason_text(alasan: Any, *, lang: str = "id", meta: dict | None = None) -> str:
    """A readable sentence for an ``alasan_kosong`` value of a ranking (empty -> ``""``)."""
    if alasan is None or (not isinstance(alasan, str) and pd.isna(alasan)) or alasan == "":
        return ""
    i = 0 if lang == "id" else 1
    dataset_reasons = (meta or {}).get("alasan_kosong", {})
    out = []
    for part in str(alasan).split("; "):
        code, _, rest = part.partition(":")
        if code != REASON_EMPTY:
            out.append(_REASONS.get(code, (code, code))[i])
            continue
        col, _, why = rest.partition("=")
        text = f"{_REASONS[REASON_EMPTY][i]}: {col}"
        if why:
            text += f" ({dataset_reasons.get(why, [why, why])[i]})"
        out.append(text)
    return "; ".join(out)


def describe_method(spec: RankSpec, meta: dict | None, ranked_values: pd.DataFrame, area: dict,
                    reasons: pd.Series, n_area: int) -> dict:
    """``RankResult.method``: the rules, the indicators with their weights and ranges, the area
    and the counts of ranked and left-out desa (JSON-serialisable)."""
    return {
        "indikator": _indicators(spec, meta, ranked_values),
        "normalisasi": spec.normalisation,
        "normalisasi_id": NORMALISATION_TEXT[spec.normalisation][0],
        "normalisasi_en": NORMALISATION_TEXT[spec.normalisation][1],
        "skor_id": SCORE_TEXT[0], "skor_en": SCORE_TEXT[1],
        "aturan_seri_id": TIE_RULE[0], "aturan_seri_en": TIE_RULE[1],
        "aturan_prioritas": spec.tier_rule,
        "aturan_prioritas_id": TIER_TEXT[spec.tier_rule][0],
        "aturan_prioritas_en": TIER_TEXT[spec.tier_rule][1],
        "wilayah": _area(area, meta),
        "sertakan_kelurahan": spec.include_kelurahan,
        "filter_idm": list(spec.idm_filter) if spec.idm_filter is not None else None,
        "jumlah_desa": int(n_area),
        "diperingkat": int((reasons == "").sum()),
        "tidak_diperingkat": _left_out(reasons),
        "catatan_default": [dict(n) for n in spec.defaults],
        "periode": (meta or {}).get("periode"),
        "versi": (meta or {}).get("versi"),
    }


def _indicators(spec: RankSpec, meta: dict | None, ranked_values: pd.DataFrame) -> list[dict]:
    weights = spec.normalised_weights()
    indicators = []
    for col in spec.used:
        info = indicator_info(col, meta)
        x = ranked_values[col]
        indicators.append({
            **info, "bobot": float(spec.weights[col]), "bobot_dinormalkan": round(weights[col], 6),
            "arah": spec.direction(col),
            "min": None if x.empty else float(x.min()),
            "maks": None if x.empty else float(x.max()),
        })
    return indicators


def _left_out(reasons: pd.Series) -> dict[str, int]:
    """Number of desa left out for each reason code (a desa may count for several)."""
    left_out: dict[str, int] = {}
    for text in reasons[reasons != ""]:
        for code in {p.split(":", 1)[0] for p in text.split("; ")}:
            left_out[code] = left_out.get(code, 0) + 1
    return dict(sorted(left_out.items()))


def _area(area: dict, meta: dict | None) -> dict:
    """The area ranked within; the dataset's own area when no code was chosen."""
    wilayah = dict(area)
    if wilayah["kode"] is None and meta and meta.get("wilayah"):
        wilayah = dict(meta["wilayah"], kode=meta["wilayah"].get("kode") or None)
    return wilayah
