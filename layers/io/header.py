"""The header row of a table: how it is recognised, named and cut down to the selected columns.

Title rows above the header are skipped: the header is the first row, among the first
:data:`HEADER_SCAN_ROWS`, accepted by a probe (a set of key columns or a callable).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any

from layers.errors import InputError

__all__ = [
    "HEADER_SCAN_ROWS", "HeaderNotFoundError", "ProbeArg", "SelectArg", "header_not_found",
    "make_probe", "normalize_header", "selected_columns", "unique_names",
]

#: how many rows from the top are searched for the header (title rows above it are skipped)
HEADER_SCAN_ROWS = 50

_FOLD = re.compile(r"[\s_/.\\\-]+")

ProbeArg = Callable[[Sequence[str]], bool] | Collection[str] | None
SelectArg = Callable[[list[str]], Iterable[str]] | None


class HeaderNotFoundError(InputError):
    """No row in the first :data:`HEADER_SCAN_ROWS` rows was accepted as the header."""


def normalize_header(name: Any) -> str:
    """Fold a column name for comparison: upper case, no spaces, ``_``, ``/``, ``.``, ``-``.

    >>> normalize_header(" Kabupaten/Kota ") == normalize_header("KABUPATEN_KOTA")
    True
    """
    text = "" if name is None else str(name)
    text = text.replace("\ufeff", "").replace("\u200b", "")
    return _FOLD.sub("", text).upper()


def make_probe(header_probe: ProbeArg) -> Callable[[Sequence[str]], bool]:
    """The header test for a ``header_probe`` argument of :func:`layers.io.iter_table`."""
    if header_probe is None:
        return lambda cells: any(str(c).strip() for c in cells)
    if callable(header_probe):
        return header_probe
    keys = {normalize_header(k) for k in header_probe}
    return lambda cells: keys <= {normalize_header(c) for c in cells}


def header_not_found(name: str) -> HeaderNotFoundError:
    """The error for a table whose header is not among its first rows."""
    return HeaderNotFoundError(
        f"Baris judul kolom (header) yang dikenali tidak ditemukan dalam {HEADER_SCAN_ROWS} "
        "baris pertama.",
        f"No recognisable header row in the first {HEADER_SCAN_ROWS} rows.", file=name)


def unique_names(cells: Sequence[str]) -> list[str]:
    """Header cells as frame column names: stripped, ``_kolom_<n>`` when empty, repeats
    suffixed ``_2``, ``_3``."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for i, cell in enumerate(cells):
        name = str(cell).replace("\ufeff", "").strip() or f"_kolom_{i + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
            while name in seen:
                name += "_"
        seen.setdefault(name, 1)
        names.append(name)
    return names


def selected_columns(header: list[str], select: SelectArg) -> list[str]:
    """The header names ``select`` keeps, in header order (all of them without ``select``)."""
    if select is None:
        return list(header)
    wanted = set(select(list(header)))
    return [h for h in header if h in wanted]


def find_columns(header: Sequence[str], synonyms: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Role -> header as written, for the roles of ``synonyms`` the header has.

    Headers are compared by :func:`normalize_header`; each role takes the first of its
    synonyms present, and a header serves one role only (the first that claims it).
    """
    folded: dict[str, str] = {}
    for h in header:
        if h is not None and str(h).strip():
            folded.setdefault(normalize_header(h), str(h))
    out: dict[str, str] = {}
    used: set[str] = set()
    for role, names in synonyms.items():
        for name in names:
            actual = folded.get(normalize_header(name))
            if actual is not None and actual not in used:
                out[role] = actual
                used.add(actual)
                break
    return out
