"""One search box for every area of the dataset: desa, kecamatan, kabupaten or provinsi, by
name or code, typos tolerated (pure, dash-free).

Names are compared on the project's name keys (:func:`layers.matching.names.name_key`:
``Sambong Rejo``, ``SAMBONGREJO`` and ``Desa Sambongrejo`` have one key) with
:func:`rapidfuzz.fuzz.ratio`, so ``Sambongrjo`` still finds ``Sambongrejo``. A code, dotted or
not, finds its area and the areas under it. A query shaped like a NIK or No. KK (16 digits) is
refused: personal numbers are never searched, kept or written anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from layers.codes import dotted
from layers.matching.names import name_key

from dashboard.dataset import LoadedDataset
from dashboard.i18n import t
from dashboard.views import CODE_LEN, LEVELS, NAME, area_path

#: hits shown at most
LIMIT = 8
#: a name hit needs at least this :func:`rapidfuzz.fuzz.ratio` (0..100) on name keys
MIN_SCORE = 75.0
#: shortest name query searched (one or two letters would match half the dataset)
MIN_CHARS = 3
#: a personal number (NIK, No. KK) has 16 digits
PERSONAL_DIGITS = 16
_LVL = {"provinsi": "prov", "kabupaten": "kab", "kecamatan": "kec", "desa": "desa"}
_CODE = re.compile(r"^[\d.\s-]+$")


@dataclass(frozen=True)
class Hit:
    """One area found: its level, code, name, where it lies, and the path that opens it."""

    level: str
    kode: str
    nama: str
    where: str
    path: str
    score: float

    def label(self, lang: str) -> str:
        """``Desa/Kelurahan Bendo · 99.01.01.2003`` (the level word in ``lang``)."""
        return f"{t(f'level.{self.level}', lang)} {self.nama} · {dotted(self.kode)}"


@dataclass(frozen=True)
class SearchAnswer:
    """What the search box shows: the hits, or a message (no match, too short, refused)."""

    hits: tuple[Hit, ...]
    message: str | None


def search(dataset: LoadedDataset, query: str | None, *, lang: str,
           limit: int = LIMIT) -> SearchAnswer:
    """Areas of ``dataset`` whose name or code matches ``query``, best first.

    Examples
    --------
    A query of 16 digits is refused and never searched::

        search(ds, "9901012001000001", lang="en").message
        'That looks like a personal number (NIK / No. KK). Search areas by name or code.'
    """
    text = " ".join(str(query or "").split())
    if not text:
        return SearchAnswer((), None)
    if _CODE.match(text):
        digits = re.sub(r"\D", "", text)
        if len(digits) >= PERSONAL_DIGITS:
            return SearchAnswer((), t("search.personal", lang))
        hits = _by_code(dataset, digits, limit)
    elif len(text) < MIN_CHARS:
        return SearchAnswer((), t("search.short", lang, n=MIN_CHARS))
    else:
        hits = _by_name(dataset, text, limit)
    return SearchAnswer(tuple(hits), None if hits else t("search.none", lang))


def _areas(dataset: LoadedDataset):
    """``(level, kode, nama)`` of every area of the dataset, from the top level down."""
    for level in LEVELS:
        frame = dataset.frames[level]
        for kode, nama in zip(frame.index.astype(str), frame[NAME[level]].astype(str)):
            yield level, kode, nama


def _hit(dataset: LoadedDataset, level: str, kode: str, nama: str, score: float) -> Hit:
    parents = [dataset.name(lvl, kode[: CODE_LEN[lvl]]) for lvl in LEVELS[: LEVELS.index(level)]]
    return Hit(level=level, kode=kode, nama=nama, where=", ".join(reversed(parents[-2:])),
               path=area_path(level, kode), score=score)


def _by_code(dataset: LoadedDataset, digits: str, limit: int) -> list[Hit]:
    """The area with that code first, then the areas under it, in code order."""
    if len(digits) < 2:
        return []
    found = [(level, kode, nama) for level, kode, nama in _areas(dataset)
             if kode.startswith(digits)]
    found.sort(key=lambda a: (LEVELS.index(a[0]), a[1]))
    return [_hit(dataset, level, kode, nama, 100.0 if kode == digits else 90.0)
            for level, kode, nama in found[:limit]]


def _by_name(dataset: LoadedDataset, text: str, limit: int) -> list[Hit]:
    """Areas by name key: exact key, then key starting with the query, then fuzzy ratio."""
    from rapidfuzz import fuzz

    query = {level: name_key(text, _LVL[level])[1] for level in LEVELS}
    scored = []
    for level, kode, nama in _areas(dataset):
        q = query[level]
        key = name_key(nama, _LVL[level])[1]
        if not q or not key:
            continue
        score = float(fuzz.ratio(q, key))
        if key == q:
            score = 100.0
        elif key.startswith(q) and len(q) >= MIN_CHARS:
            score = max(score, 90.0 + 9.0 * len(q) / len(key))
        elif len(q) >= 4 and q in key:
            score = max(score, 85.0)
        if score >= MIN_SCORE:
            scored.append((score, level, kode, nama))
    scored.sort(key=lambda s: (-s[0], LEVELS.index(s[1]), s[3], s[2]))
    return [_hit(dataset, level, kode, nama, score) for score, level, kode, nama in scored[:limit]]
