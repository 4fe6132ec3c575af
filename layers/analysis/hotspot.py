"""Hotspots: do households of an indicator cluster in space beyond chance?

Local Moran's I on rates with Empirical Bayes standardisation as GeoDa does it
(``esda.Moran_Local_Rate(adjusted=True)``: Assunção-Reis), Getis-Ord Gi* on the Empirical
Bayes smoothed rate (``esda.smoothing.Empirical_Bayes``), a global Moran's I
(``esda.Moran_Rate(adjusted=True)``) as one sentence. The statistics are esda's; this module
chooses the desa, the weights and the words. Desa without a value, and islands (no neighbour
among the desa tested), are left out of the test and named.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from layers.analysis.common import (area_rows, check_indicator, join_reasons, label,
                                    lead_columns, missing_reason, rate_parts)
from layers.analysis.weights import contiguity_weights, islands, subset
from layers.errors import InputError
from layers.fmt import angka

#: esda's quadrant codes of Local Moran's I -> cluster names
_CLUSTER = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}
MIN_TESTED = 4


def hotspot(desa, meta: dict | None, indicator: str, *, area: str | None = None,
            weights: str = "queen", k: int = 6, permutations: int = 999, seed: int = 12345,
            fdr: bool = False, alpha: float = 0.05, cache_key: object = None
            ) -> tuple[pd.DataFrame, dict]:
    """Clusters of ``indicator`` among the desa of ``area``.

    ``desa`` is a GeoDataFrame (the dataset's ``desa.parquet``). ``indicator`` is a catalogue
    rate (its numerator and denominator are used) or a count (over ``kk_total``). Weights are
    built over the whole dataset once per ``cache_key`` and restricted to the desa tested.

    Returns
    -------
    (DataFrame, dict)
        One row per desa: ``kode_desa``, names, ``klaster`` (HH, LL, HL, LH, ns; empty when not
        tested), ``p_value``, ``pulau``, ``lisa_i``, ``gi_z``, ``gi_p``, ``gi_klaster``
        (panas / dingin / ns), ``laju`` (raw rate), ``laju_eb`` (EB smoothed), the raw count
        and its denominator, ``alasan``; and the method with the global Moran's I sentence.
    """
    if permutations < 99:
        raise InputError("Permutasi minimal 99.", "At least 99 permutations.",
                         column="--permutations")
    ordered = desa.sort_values("kode_desa", kind="stable")  # the order of area_rows
    w_all = contiguity_weights(ordered.geometry, list(ordered["kode_desa"].astype(str)),
                               kind=weights, k=k, cache_key=cache_key)
    frame, where = area_rows(desa, area)
    check_indicator(frame, indicator, "--indicator")
    parts = rate_parts(frame, indicator, meta)
    if parts is None:
        raise InputError(f"Hotspot butuh laju (persen_*) atau jumlah KK; '{indicator}' "
                         "tidak punya pembilang dan penyebut.",
                         f"Hotspots need a rate (persen_*) or a household count; "
                         f"'{indicator}' has no numerator and denominator.", column="--indicator")
    e, b = parts.num.to_numpy(), parts.den.to_numpy()
    valid = ~np.isnan(e) & ~np.isnan(b) & (b > 0)
    codes = frame["kode_desa"].astype(str).to_numpy()
    w_valid = subset(w_all, list(codes[valid]))
    island = np.isin(codes, islands(w_valid))
    tested = valid & ~island
    if tested.sum() < MIN_TESTED:
        raise InputError(f"Hanya {int(tested.sum())} desa dengan data dan tetangga; hotspot "
                         f"butuh sedikitnya {MIN_TESTED}.",
                         f"Only {int(tested.sum())} desa with data and neighbours; hotspots "
                         f"need at least {MIN_TESTED}.", column="--indicator")
    w = subset(w_valid, list(codes[tested]))
    stats = _statistics(e[tested], b[tested], w, permutations, seed)
    sig = _significant(stats["p"], fdr, alpha)
    stats["gi_sig"] = _significant(stats["gi_p"], fdr, alpha)
    out = _table(frame, parts, stats, sig, tested, island, indicator, meta)
    method = _method(indicator, meta, where, stats, sig, out, weights=weights, k=k,
                     permutations=permutations, seed=seed, fdr=fdr, alpha=alpha)
    method["turunan"] = {parts.numerator: ["laju", "laju_eb"]}  # hidden with a small count
    return out, method


def _cache_compiled() -> None:
    """Ask numba to keep esda's compiled permutation kernels on disk (esda does not): a later
    process loads them instead of compiling again (minutes on a busy machine). Kernels that
    take a function as argument cannot be cached and still compile once per process."""
    import esda.crand
    import esda.getisord
    import esda.moran
    from numba.core.registry import CPUDispatcher

    for mod in (esda.crand, esda.moran, esda.getisord):
        for name in dir(mod):
            f = getattr(mod, name)
            if isinstance(f, CPUDispatcher) and not f._cache.__class__.__name__ == "FunctionCache":
                f.enable_caching()


def _statistics(e: np.ndarray, b: np.ndarray, w, permutations: int, seed: int) -> dict:
    """esda's Local Moran (EB), Gi* on the EB rate, global Moran (EB)."""
    from esda.getisord import G_Local
    from esda.moran import Moran_Local_Rate, Moran_Rate
    from esda.smoothing import Empirical_Bayes

    _cache_compiled()
    w.transform = "r"
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        lisa = Moran_Local_Rate(e, b, w, adjusted=True, transformation="r",
                                permutations=permutations, seed=seed, n_jobs=1,
                                keep_simulations=False)
        eb = Empirical_Bayes(e, b).r.ravel()
        gi = G_Local(eb, w, transform="R", star=True, permutations=permutations, seed=seed,
                     n_jobs=1, keep_simulations=False)
        glob = Moran_Rate(e, b, w, adjusted=True, transformation="r",
                          permutations=permutations)
    return {"q": lisa.q, "p": lisa.p_sim, "i": lisa.Is, "eb": eb, "gi_z": gi.Zs,
            "gi_p": gi.p_sim, "moran_i": float(glob.I), "moran_p": float(glob.p_sim),
            "moran_ei": float(glob.EI)}


def _significant(p: np.ndarray, fdr: bool, alpha: float) -> np.ndarray:
    """p below ``alpha``, or below esda's False Discovery Rate bound with ``fdr``."""
    if not fdr:
        return p <= alpha
    from esda import fdr as fdr_bound

    return p <= fdr_bound(p, alpha)


def _table(frame, parts, stats, sig, tested, island, indicator, meta) -> pd.DataFrame:
    n = len(frame)

    def spread(values, fill=np.nan, dtype=float):
        arr = np.full(n, fill, dtype=dtype)
        arr[tested] = values
        return arr

    klaster = np.array([_CLUSTER[int(q)] for q in stats["q"]], dtype=object)
    klaster[~sig] = "ns"
    gi_sig = stats["gi_sig"]
    gi_klaster = np.where(gi_sig & (stats["gi_z"] > 0), "panas",
                          np.where(gi_sig & (stats["gi_z"] < 0), "dingin", "ns"))
    out = lead_columns(frame)
    out["klaster"] = pd.array(spread(klaster, None, object), dtype="string")
    out["p_value"] = np.round(spread(stats["p"]), 4)
    out["pulau"] = island
    out["lisa_i"] = np.round(spread(stats["i"]), 4)
    out["gi_z"] = np.round(spread(stats["gi_z"]), 4)
    out["gi_p"] = np.round(spread(stats["gi_p"]), 4)
    out["gi_klaster"] = pd.array(spread(gi_klaster, None, object), dtype="string")
    raw = parts.num.to_numpy() * parts.scale / np.where(parts.den > 0, parts.den, np.nan)
    out["laju"] = np.round(raw, 4)
    out["laju_eb"] = np.round(spread(stats["eb"] * parts.scale), 4)
    out[parts.numerator] = frame[parts.numerator].to_numpy() if parts.numerator in frame \
        else np.nan
    den_name = "+".join(parts.denominator)
    out[den_name] = frame[den_name].to_numpy() if den_name in frame else parts.den.to_numpy()
    isl = pd.Series(np.where(island, "pulau: tidak punya tetangga di antara desa yang diuji, "
                                     "tidak diuji / island: no neighbour among the desa "
                                     "tested, left out", None), index=frame.index,
                    dtype="string")
    reasons = [missing_reason(frame, c, meta) for c in (parts.numerator, *parts.denominator)
               if c in frame]
    out["alasan"] = join_reasons(*reasons, isl)
    return out.reset_index(drop=True)


def global_sentence(indicator: str, meta: dict | None, moran_i: float, p: float,
                    alpha: float = 0.05) -> tuple[str, str]:
    """The global Moran's I as one sentence a planner reads (Bahasa Indonesia, English)."""
    lid, len_ = label(indicator, meta), label(indicator, meta, "en")
    nums_id = f"(Moran's I = {angka(moran_i, 2)}, p = {angka(p, 3)})"
    nums_en = f"(Moran's I = {angka(moran_i, 2, lang='en')}, p = {angka(p, 3, lang='en')})"
    if p <= alpha and moran_i > 0:
        return (f"{lid} mengelompok: desa yang tinggi cenderung bertetangga dengan desa yang "
                f"juga tinggi, dan yang rendah dengan yang rendah; pola ini hampir pasti bukan "
                f"kebetulan {nums_id}.",
                f"{len_} clusters: desa with high values tend to border other high desa, and "
                f"low border low; this pattern is very unlikely to be chance {nums_en}.")
    if p <= alpha:
        return (f"{lid} berselang-seling: desa tetangga cenderung berbeda (tinggi di samping "
                f"rendah), lebih dari yang terjadi secara kebetulan {nums_id}.",
                f"{len_} alternates: neighbouring desa tend to differ (high next to low), "
                f"more than chance would give {nums_en}.")
    return (f"Tidak ada bukti bahwa {lid} mengelompok: sebaran antardesa tidak berbeda dari "
            f"sebaran acak {nums_id}.",
            f"No evidence that {len_} clusters: the pattern across desa does not differ from "
            f"a random one {nums_en}.")


def _method(indicator, meta, where, stats, sig, out, *, weights, k, permutations, seed, fdr,
            alpha) -> dict:
    sent_id, sent_en = global_sentence(indicator, meta, stats["moran_i"], stats["moran_p"],
                                       alpha)
    counts = out["klaster"].value_counts()
    tally = ", ".join(f"{c}: {int(counts.get(c, 0))}" for c in ("HH", "LL", "HL", "LH", "ns"))
    island_codes = out.loc[out["pulau"], "kode_desa"].tolist()
    n_test = int(out["klaster"].notna().sum())
    sig_rule = (f"FDR (Benjamini-Hochberg, esda.fdr) pada {angka(alpha, 2)}" if fdr else
                f"p <= {angka(alpha, 2)} tanpa koreksi (dengan {n_test} desa, sekitar "
                f"{angka(n_test * alpha)} desa tampak signifikan secara kebetulan; "
                "pakai --fdr)")
    sig_rule_en = (f"FDR (Benjamini-Hochberg, esda.fdr) at {alpha}" if fdr else
                   f"p <= {alpha} uncorrected (with {n_test} desa about "
                   f"{round(n_test * alpha)} would look significant by chance; use --fdr)")
    wdesc = f"{weights} (k = {k})" if weights == "knn" else weights
    teks_id = (f"{sent_id} Klaster lokal: Local Moran's I laju Empirical Bayes (esda, seperti "
               f"GeoDa), bobot {wdesc}, {permutations} permutasi, seed {seed}, signifikan: "
               f"{sig_rule}. {tally}. Pulau (tanpa tetangga, tidak diuji): "
               f"{', '.join(island_codes) or '-'}.")
    teks_en = (f"{sent_en} Local clusters: Local Moran's I of Empirical Bayes rates (esda, as "
               f"GeoDa), {wdesc} weights, {permutations} permutations, seed {seed}, "
               f"significant: {sig_rule_en}. {tally}. Islands (no neighbour, not tested): "
               f"{', '.join(island_codes) or '-'}.")
    rows = [("Indikator / indicator", indicator), ("Bobot / weights", wdesc),
            ("Permutasi / permutations", permutations), ("Seed", seed),
            ("Koreksi FDR / FDR correction", "ya / yes" if fdr else "tidak / no"),
            ("Alfa / alpha", alpha), ("Moran's I global", round(stats["moran_i"], 4)),
            ("p global (permutasi)", round(stats["moran_p"], 4)),
            ("Desa diuji / desa tested", n_test),
            ("Pulau / islands", ", ".join(island_codes) or "-")]
    rows += [(f"Klaster {c} / cluster {c}", int(counts.get(c, 0)))
             for c in ("HH", "LL", "HL", "LH", "ns")]
    return {"analisis": "hotspot", "judul_id": "Hotspot (klaster spasial)",
            "judul_en": "Hotspots (spatial clusters)", "wilayah": where, "teks_id": teks_id,
            "teks_en": teks_en, "kalimat_id": sent_id, "kalimat_en": sent_en, "rincian": rows}
