"""Would a matcher decide a written name? The checks that keep the planted mess honest.

A typo is only planted when every common fuzzy scorer accepts the right desa clearly; an
ambiguous name only when none accepts one candidate. The scorers of :mod:`rapidfuzz` are tried
on the name as written and without spaces, against the names of the kecamatan (and of the
kabupaten), so the demo does not depend on the one scorer :mod:`layers.matching` uses.
"""

from __future__ import annotations

import numpy as np

from layers.codes import parse_name
from layers.settings import Settings


def name_core(name: str) -> str:
    """Upper-case name without its desa/kelurahan prefix or punctuation, spaces collapsed
    (the core :func:`layers.codes.parse_name` gives the matcher)."""
    return parse_name(name, "desa").core


def _scores(scorer, query: str, choices: list[str]) -> np.ndarray:
    """``scorer(query, c)`` for every choice."""
    return np.array([scorer(query, c) for c in choices], dtype=float)


def _variants(s: str) -> tuple[str, str]:
    """The name as written and without spaces."""
    return s, s.replace(" ", "")


def auto_accepts(written: str, target: int, kec_cores: list[str], settings: Settings) -> bool:
    """True when every common scorer picks ``target`` clearly (score and margin with slack)."""
    from rapidfuzz import fuzz

    if len(kec_cores) < 1:
        return False
    for scorer in (fuzz.ratio, fuzz.QRatio, fuzz.WRatio, fuzz.token_sort_ratio):
        for variant in (0, 1):
            q = _variants(name_core(written))[variant]
            choices = [_variants(c)[variant] for c in kec_cores]
            sc = _scores(scorer, q, choices)
            best = int(np.argmax(sc))
            second = np.sort(sc)[-2] if len(sc) > 1 else 0.0
            if best != target or sc[best] < settings.fuzzy_accept + 0.5:
                return False
            if sc[best] - second < settings.fuzzy_margin + 2:
                return False
    return True


def needs_review(written: str, kec_cores: list[str], kab_cores: list[str], settings: Settings,
                 *, strict: bool = False) -> bool:
    """True when no exact match exists and no common scorer would accept one candidate.

    Ratio-like scorers get some slack (a candidate is "accepted" from ``fuzzy_accept - 3``
    with a margin from ``fuzzy_margin - 2``); token-set and partial scorers use the settings
    as they are. ``strict`` also requires every ratio-like score to stay below
    ``fuzzy_accept - 2``, so that a matcher which drops direction-word twins from the
    candidates still cannot accept the remaining one.
    """
    from rapidfuzz import fuzz

    core = name_core(written)
    if core in kab_cores or core.replace(" ", "") in [c.replace(" ", "") for c in kab_cores]:
        return False
    ratio_like = (fuzz.ratio, fuzz.QRatio, fuzz.WRatio, fuzz.token_sort_ratio)
    for pool in (kec_cores, kab_cores):
        for scorer in ratio_like + (fuzz.token_set_ratio, fuzz.partial_ratio):
            slack = scorer in ratio_like
            for variant in (0, 1):
                q = _variants(core)[variant]
                sc = np.sort(_scores(scorer, q, [_variants(c)[variant] for c in pool]))
                best = sc[-1]
                second = sc[-2] if len(sc) > 1 else 0.0
                if strict and slack and best >= settings.fuzzy_accept - 2:
                    return False
                accept = settings.fuzzy_accept - (3 if slack else 0)
                margin = settings.fuzzy_margin - (2 if slack else 0)
                if best >= accept and best - second >= margin:
                    return False
    return True

