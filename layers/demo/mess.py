"""The plan of the mess planted in the SIKS-NG and P3KE files.

Which spelling every area gets, which desa are written with a typo a careful matcher accepts,
which with an ambiguous name a person must review, which desa is exported a second time on its
own, and which kecamatan is missing from P3KE. The frame builders of :mod:`layers.demo.siks`
and :mod:`layers.demo.p3ke` follow the plan.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from layers.demo.scoring import auto_accepts, name_core
from layers.demo.spellings import (ambiguous_candidates, desa_variant, kab_variants, kec_variant,
                                   typo_candidates)
from layers.settings import Settings

_N_TYPOS = 4
_N_AMBIGUOUS = 3


def plan_mess(g: pd.DataFrame, fam: pd.DataFrame, rng: np.random.Generator,
              settings: Settings) -> dict[str, Any]:
    """Decide every deliberate defect: spellings, typos, ambiguous names, missing kecamatan.

    Parameters
    ----------
    g
        The gazetteer (:func:`layers.demo.population.prepare_gazetteer`).
    fam
        The family pool (:func:`layers.demo.population.draw_families`).
    rng
        The households' random generator (drawn from in a fixed order).
    settings
        ``fuzzy_accept``, ``fuzzy_margin`` and ``direction_words`` for the name checks.

    Returns
    -------
    dict
        ``kec_members`` (gazetteer rows per kecamatan code), ``kab_written`` and
        ``kec_written`` (per kecamatan), ``desa_default`` (spelling and kind per desa row),
        ``ambiguous`` and ``typos`` (lists of ``desa``, ``written``, ...), ``per_desa``,
        ``per_desa_idx`` and ``per_desa_name`` (the desa exported alone), ``p3ke_missing``
        and ``p3ke_part``. The frame builders add ``siks_fam_of_row``, ``siks_name_kind``,
        ``p3ke_dup_rows`` and the ``kk`` of each ambiguous name.
    """
    kecs = sorted(g["kode_kec"].unique().tolist())
    kec_members = {k: np.flatnonzero(g["kode_kec"].to_numpy() == k) for k in kecs}
    hh = np.bincount(fam.loc[fam["in_siks"], "desa"].to_numpy(), minlength=len(g))
    cores = {k: [name_core(g.loc[i, "nama_desa"]) for i in kec_members[k]] for k in kecs}
    plan: dict[str, Any] = {"kec_members": kec_members}
    plan.update(_spellings(g, kec_members, cores, rng, settings))
    special: set[int] = set()
    used_kec: set[str] = set()
    plan["ambiguous"] = _pick_ambiguous(g, kec_members, hh, special, used_kec, rng, settings)
    plan["typos"] = _pick_typos(g, kec_members, cores, hh, special, used_kec, rng, settings)
    plan.update(_pick_per_desa(g, hh, special, rng))
    plan.update(_plan_p3ke(g, kecs, plan["per_desa_idx"], rng))
    return plan


def _spellings(g: pd.DataFrame, kec_members: dict[str, np.ndarray],
               cores: dict[str, list[str]], rng: np.random.Generator,
               settings: Settings) -> dict[str, Any]:
    """The kabupaten spelling of each kecamatan file, the kecamatan and the desa spellings."""
    kecs = sorted(kec_members)
    # each kecamatan file writes its own kabupaten (a boundary file may hold several)
    kab_of = {k: str(g.loc[kec_members[k][0], "nama_kab"]) for k in kecs}
    variants = {name: kab_variants(name) for name in set(kab_of.values())}
    kab_written = {k: variants[kab_of[k]][i % len(variants[kab_of[k]])] for i, k in
                   enumerate(kecs[j] for j in rng.permutation(len(kecs)))}
    kec_written = {k: kec_variant(rng, g.loc[kec_members[k][0], "nama_kec"]) for k in kecs}
    default: dict[int, tuple[str, str]] = {}
    for k in kecs:
        for pos, i in enumerate(kec_members[k].tolist()):
            default[i] = desa_variant(rng, g.loc[i, "nama_desa"], g.loc[i, "jenis"], pos,
                                      cores[k], settings)
    return {"kab_written": kab_written, "kec_written": kec_written, "desa_default": default}


def _pick_ambiguous(g: pd.DataFrame, kec_members: dict[str, np.ndarray], hh: np.ndarray,
                    special: set[int], used_kec: set[str], rng: np.random.Generator,
                    settings: Settings) -> list[dict[str, Any]]:
    """Ambiguous names: one of each construction type first, then fill up (one per kecamatan,
    in desa with at least 4 households)."""
    cand = ambiguous_candidates(g, kec_members, settings)
    ambiguous: list[dict[str, Any]] = []
    for _ in range(2):
        for kind in ("twin", "blend", "prefix"):
            if len(ambiguous) >= _N_AMBIGUOUS:
                break
            options = [c for c in cand[kind] if hh[c[0]] >= 4 and c[0] not in special
                       and g.loc[c[0], "kode_kec"] not in used_kec]
            if not options:
                continue
            target, written, near = options[int(rng.integers(len(options)))]
            ambiguous.append({"desa": target, "written": written, "konstruksi": kind,
                              "kandidat": near})
            special.add(target)
            used_kec.add(g.loc[target, "kode_kec"])
    return ambiguous


def _pick_typos(g: pd.DataFrame, kec_members: dict[str, np.ndarray],
                cores: dict[str, list[str]], hh: np.ndarray, special: set[int],
                used_kec: set[str], rng: np.random.Generator,
                settings: Settings) -> list[dict[str, Any]]:
    """Typos a careful fuzzy matcher accepts, in long names of desa with 3+ households, one
    per kecamatan not used by an ambiguous name."""
    typos: list[dict[str, Any]] = []
    kab_cores = [name_core(n) for n in g["nama_desa"]]
    for i in rng.permutation(len(g)).tolist():
        if len(typos) >= _N_TYPOS:
            break
        k = g.loc[i, "kode_kec"]
        name = g.loc[i, "nama_desa"]
        if i in special or hh[i] < 3 or k in used_kec or len(name_core(name)) < 11:
            continue
        pos = kec_members[k].tolist().index(i)
        for t in typo_candidates(name):
            if t in kab_cores:
                continue
            if auto_accepts(t, pos, cores[k], settings):
                typos.append({"desa": i, "written": t})
                special.add(i)
                used_kec.add(k)
                break
    return typos


def _pick_per_desa(g: pd.DataFrame, hh: np.ndarray, special: set[int],
                   rng: np.random.Generator) -> dict[str, Any]:
    """The desa also exported alone (per-desa file): a plain one with enough households."""
    plain = [i for i in range(len(g)) if i not in special and hh[i] >= 8]
    if not plain:
        plain = [int(np.argmax(hh))]
    per = plain[int(rng.integers(len(plain)))]
    special.add(per)
    nm, jenis = g.loc[per, "nama_desa"], g.loc[per, "jenis"]
    return {"per_desa": g.loc[per, "kode_desa"], "per_desa_idx": per,
            "per_desa_name": ("Kel. " if jenis == "kelurahan" else "Desa ") + nm}


def _plan_p3ke(g: pd.DataFrame, kecs: list[str], per: int,
               rng: np.random.Generator) -> dict[str, Any]:
    """P3KE: one kecamatan missing (not the one of the per-desa file), two workbook parts."""
    choices = [k for k in kecs if k != g.loc[per, "kode_kec"]]
    missing = [choices[int(rng.integers(len(choices)))]] if len(kecs) >= 2 else []
    present = [k for k in kecs if k not in missing]
    half = (len(present) + 1) // 2
    return {"p3ke_missing": missing,
            "p3ke_part": {k: (1 if j < half else 2) for j, k in enumerate(present)}}
