"""How area names get written in the SIKS exports: variants, typos and ambiguous spellings.

Each function only proposes spellings; :mod:`layers.demo.mess` decides which ones are planted.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from layers.demo.scoring import auto_accepts, name_core, needs_review
from layers.demo.words import PREFIXES, SUFFIXES
from layers.settings import Settings

_TYPO_SWAP = {"A": "O", "O": "A", "E": "I", "I": "E", "U": "O", "K": "G", "G": "K", "D": "T",
              "T": "D", "R": "L", "L": "R", "N": "M", "M": "N", "J": "Y", "Y": "J", "S": "Z",
              "B": "P", "P": "B", "H": "K", "W": "F"}

#: one candidate: (desa index, name as written, the desa indices a reviewer must choose from)
Candidate = tuple[int, str, list[int]]


def kab_variants(nama_kab: str) -> list[str]:
    """Spellings of the kabupaten (or kota) name, one per kecamatan file in rotation."""
    core = re.sub(r"^(KABUPATEN|KAB\.?)\s+", "", nama_kab.upper()).strip()
    if core.startswith("KOTA "):
        bare = core[5:]
        return [f"KOTA {bare}", f"Kota {bare.title()}", bare]
    return [f"KAB. {core}", f"Kabupaten {core.title()}", core, f"KABUPATEN {core}"]


def kec_variant(rng: np.random.Generator, nama_kec: str) -> tuple[str, str]:
    """A spelling of a kecamatan name, and its kind (``huruf``, ``awalan``, ``persis``)."""
    kinds = ("huruf", "awalan", "awalan", "persis")
    choice = int(rng.choice(4, p=[0.5, 0.25, 0.1, 0.15]))
    written = (nama_kec.upper(), f"KEC. {nama_kec.upper()}", f"Kecamatan {nama_kec}",
               nama_kec)[choice]
    return written, kinds[choice]


def desa_variant(rng: np.random.Generator, name: str, jenis: str, idx_in_kec: int,
                 kec_cores: list[str], settings: Settings) -> tuple[str, str]:
    """A spelling of a desa name as SIKS exports write it, and its kind."""
    kel = jenis == "kelurahan"
    u = rng.random()
    if u < 0.55:
        return name.upper(), "huruf"
    if u < 0.67:
        return name, "persis"
    if u < 0.72:
        return name.lower(), "huruf"
    if u < 0.82:
        pre = ("KEL. " if rng.random() < 0.7 else "KELURAHAN ") if kel else "DESA "
        return pre + name.upper(), "awalan"
    if u < 0.90:
        return ("Kel. " if kel else "Desa ") + name, "awalan"
    split = _split_name(name)
    if split is not None:
        written = split.upper() if rng.random() < 0.5 else split
        if auto_accepts(written, idx_in_kec, kec_cores, settings):
            return written, "spasi"
    return name.upper(), "huruf"


def _split_name(name: str) -> str | None:
    """``Sambongrejo`` -> ``Sambong Rejo`` when the name ends with a known suffix."""
    if " " in name or not name.isalpha():
        return None
    low = name.lower()
    for suf in sorted(SUFFIXES, key=len, reverse=True):
        if low.endswith(suf) and len(low) - len(suf) >= 3:
            return f"{name[:-len(suf)]} {name[-len(suf):].capitalize()}"
    return None


def typo_candidates(name: str) -> list[str]:
    """One-character substitutions inside a name (upper case), middle positions first."""
    up = name.upper()
    if " " in up:
        return []
    mid = len(up) // 2
    positions = sorted(range(3, len(up) - 1), key=lambda p: (abs(p - mid), p))
    return [up[:p] + _TYPO_SWAP[up[p]] + up[p + 1:] for p in positions if up[p] in _TYPO_SWAP]


def ambiguous_candidates(g: pd.DataFrame, kec_members: dict[str, np.ndarray],
                         settings: Settings) -> dict[str, list[Candidate]]:
    """Names that must end in the review list, by construction type.

    ``twin``: a direction-word twin cut short (``KARANGREJO L``); ``blend``: halfway between two
    close names of one kecamatan (``SIDOHREJO``); ``prefix``: the common start of two names
    (``SUMBER``). Each candidate is kept only when no exact match exists and no common fuzzy
    scorer would accept a single desa (in the kecamatan or in the whole kabupaten).
    """
    kab_cores = [name_core(n) for n in g["nama_desa"]]
    out: dict[str, list[Candidate]] = {"twin": [], "blend": [], "prefix": []}
    dirs = set(settings.direction_words)
    for kec in sorted(kec_members):
        mem = kec_members[kec].tolist()
        cores = [kab_cores[i] for i in mem]
        out["twin"] += _twins(mem, cores, kab_cores, dirs, settings)
        blends, prefixes = _near_pairs(mem, cores, kab_cores, settings)
        out["blend"] += blends
        out["prefix"] += prefixes
    return out


def _twins(mem: list[int], cores: list[str], kab_cores: list[str], dirs: set[str],
           settings: Settings) -> list[Candidate]:
    """The twin written in haste: vowels dropped, direction word cut to its initial
    (KARANGREJO LOR -> KARNGRJO L)."""
    out = []
    for a, ca in enumerate(cores):
        for b, cb in enumerate(cores):
            rest = cb[len(ca) + 1:] if cb.startswith(ca + " ") else ""
            if rest in dirs:
                for s in (f"{v} {rest[0]}" for v in _vowel_drops(ca)):
                    if needs_review(s, cores, kab_cores, settings, strict=True):
                        out.append((mem[b], s, [mem[a], mem[b]]))
                        break
    return out


def _near_pairs(mem: list[int], cores: list[str], kab_cores: list[str],
                settings: Settings) -> tuple[list[Candidate], list[Candidate]]:
    """Blends (one edit of a towards a close b) and common prefixes of one-word name pairs."""
    from rapidfuzz.distance import Levenshtein

    blends, prefixes = [], []
    for a in range(len(cores)):
        for b in range(a + 1, len(cores)):
            ca, cb = cores[a], cores[b]
            if " " in ca or " " in cb:
                continue
            dist = Levenshtein.distance(ca, cb)
            if 2 <= dist <= 4:
                ops = Levenshtein.editops(ca, cb)
                for k in range(len(ops)):  # one edit of a towards b (a typo of a)
                    s = ops[k:k + 1].apply(ca, cb)
                    if needs_review(s, cores, kab_cores, settings):
                        blends.append((mem[a], s, [mem[a], mem[b]]))
                        break
            pre = _common_prefix(ca, cb)
            natural = pre.title() in PREFIXES or pre.endswith(("A", "E", "I", "O", "U", "NG"))
            if (len(pre) >= 5 and natural and min(len(ca), len(cb)) >= len(pre) + 3
                    and " " not in pre):
                if needs_review(pre, cores, kab_cores, settings):
                    prefixes.append((mem[a], pre, [mem[a], mem[b]]))
    return blends, prefixes


def _vowel_drops(word: str) -> list[str]:
    """``word`` with one, then two interior vowels dropped (hasty abbreviations)."""
    pos = [p for p in range(2, len(word) - 1) if word[p] in "AEIOU"]
    one = [word[:p] + word[p + 1:] for p in pos]
    two = [word[:p] + word[p + 1:q] + word[q + 1:] for i, p in enumerate(pos) for q in pos[i + 1:]]
    return one + two


def _common_prefix(a: str, b: str) -> str:
    """The longest common start of ``a`` and ``b``."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]
