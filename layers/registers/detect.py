"""Which layout a register file has, told from its header, and where each role's column is.

A layout is recognised when the header carries all its required columns (``REQUIRED``, and one
of each ``REQUIRED_ANY`` group); when several are, the one naming most of its columns wins.
Messages list, for each layout, the required columns and those missing, never the cells found
(which could be data).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from types import ModuleType

from layers.errors import InputError, LayoutError
from layers.io import HeaderNotFoundError, InputFile, expand_inputs, iter_table, normalize_header
from layers.registers import dtsen, p3ke, siks
from layers.settings import DEFAULT, Settings

__all__ = ["LAYOUTS", "HeaderProbe", "column_map", "detect_layout", "layout_error",
           "mixed_error", "no_files", "sniff_layout"]

#: known layouts, in the order they are tried and listed in messages
LAYOUTS: dict[str, ModuleType] = {"siks": siks, "p3ke": p3ke, "dtsen": dtsen}


def detect_layout(columns: Sequence[str], *, file: str | None = None) -> str:
    """Name of the layout a header belongs to.

    Parameters
    ----------
    columns
        Header cells (case, spaces, ``_``, ``/``, ``.`` do not matter).
    file
        File name for the error message.

    Raises
    ------
    LayoutError
        When no layout has all its required columns; the message lists, for each layout, the
        required columns and those missing (never the cells found, which could be data).
    """
    found = {normalize_header(c) for c in columns if c is not None}
    best, best_score = None, -1
    for name, module in LAYOUTS.items():
        if _missing(module, found):
            continue
        score = sum(1 for c in (*module.COLUMNS, *module.ALIASES) if normalize_header(c) in found)
        if score > best_score:
            best, best_score = name, score
    if best is None:
        raise layout_error(found, file)
    return best


def sniff_layout(path: str | os.PathLike | Iterable[str | os.PathLike], *,
                 settings: Settings = DEFAULT) -> str:
    """Layout of a file, folder or zip, from the header row(s) only (no data row is read).

    ``settings`` is accepted for symmetry with :func:`layers.registers.read_register`.

    Raises
    ------
    InputError
        No file; :class:`LayoutError` for an unknown header or files of different layouts.
    """
    files = expand_inputs(path)
    if not files:
        raise no_files()
    layout, first = None, None
    for item in files:
        found = _file_layout(item)
        if layout is None:
            layout, first = found, item.name
        elif found != layout:
            raise mixed_error(found, item.name, layout, first)
    return layout


def column_map(header: Sequence[str], module: ModuleType) -> dict[str, str]:
    """Role -> header name as written, for the columns of the layout present in the header."""
    by_norm: dict[str, str] = {}
    for h in header:
        by_norm.setdefault(normalize_header(h), h)
    out: dict[str, str] = {}
    for canon, role in (*module.COLUMNS.items(), *module.ALIASES.items()):
        actual = by_norm.get(normalize_header(canon))
        if actual is not None and role not in out and actual not in out.values():
            out[role] = actual
    return out


class HeaderProbe:
    """Header probe: accepts a row carrying every required column of some layout.

    Remembers the folded names of the row that came closest (``best``), to say what is missing.
    """

    def __init__(self) -> None:
        self.best: set[str] = set()
        self._hits = -1

    def __call__(self, cells: Sequence[str]) -> bool:
        found = {normalize_header(c) for c in cells if c}
        accepted = False
        for module in LAYOUTS.values():
            missing = len(_missing(module, found))
            hits = len(_requirements(module)) - missing
            accepted |= missing == 0
            if hits > self._hits:
                self._hits = hits
                wanted = [*module.REQUIRED, *(c for g in getattr(module, "REQUIRED_ANY", ())
                                              for c in g)]
                self.best = {normalize_header(c) for c in wanted} & found
        return accepted


def no_files() -> InputError:
    """The error for an input without any data file."""
    return InputError("Tidak ada berkas data (folder atau zip kosong, atau hanya berkas "
                      "tersembunyi).",
                      "No data file (empty folder or zip, or hidden files only).")


def mixed_error(layout: str, name: str, first_layout: str, first_file: str) -> LayoutError:
    """The error for a file whose layout differs from the first file's."""
    return LayoutError(
        f"Berkas ini bertata letak {layout}, sedangkan {first_file} bertata letak "
        f"{first_layout}. Semua berkas dalam satu pembacaan harus bertata letak sama.",
        f"This file has the {layout} layout while {first_file} has {first_layout}. "
        "All files read together must have the same layout.", file=name)


def layout_error(found: set[str], file: str | None) -> LayoutError:
    """The error for a header of no known layout, given its folded column names."""
    parts_id, parts_en = [], []
    for name, module in LAYOUTS.items():
        required = ", ".join(_requirements(module))
        missing = ", ".join(_missing(module, found)) or "-"
        parts_id.append(f"{name} ({module.TITLE}): {required}; tidak ada: {missing}")
        parts_en.append(f"{name} ({module.TITLE}): {required}; missing: {missing}")
    return LayoutError(
        "Susunan kolom tidak dikenali sebagai register yang didukung. Kolom wajib menurut tata "
        "letak: " + " | ".join(parts_id),
        "Column layout not recognised as a supported register. Required columns by layout: "
        + " | ".join(parts_en),
        file=file)


def _file_layout(item: InputFile) -> str:
    """Layout of one file from its header; no data column is converted."""
    probe = HeaderProbe()
    chunks = iter_table(item, chunk_rows=1, header_probe=probe, select=lambda header: [])
    try:
        header = next(chunks).header
    except HeaderNotFoundError:
        raise layout_error(probe.best, item.name) from None
    finally:
        chunks.close()
    return detect_layout(header, file=item.name)


def _missing(module: ModuleType, found: set[str]) -> list[str]:
    missing = [c for c in module.REQUIRED if normalize_header(c) not in found]
    for group in getattr(module, "REQUIRED_ANY", ()):
        if not any(normalize_header(c) in found for c in group):
            missing.append(" / ".join(group))
    return missing


def _requirements(module: ModuleType) -> list[str]:
    """The layout's required columns for messages; ``a / b`` where one of several will do."""
    return [*module.REQUIRED, *(" / ".join(g) for g in getattr(module, "REQUIRED_ANY", ()))]
