"""Errors a user sees: always bilingual, always naming the file (and row/column where known)."""

from __future__ import annotations

import re


class InputError(ValueError):
    """A refused input. ``str(err)`` gives ``"<id message> / <en message>"`` with location.

    Parameters
    ----------
    id_msg, en_msg
        The message in Bahasa Indonesia and in English, without location.
    file, row, column
        Where the problem is. ``row`` is the row number as a spreadsheet shows it (1-based,
        header included), or ``None``.
    """

    def __init__(self, id_msg: str, en_msg: str, *, file: str | None = None,
                 row: int | None = None, column: str | None = None):
        self.id_msg = id_msg
        self.en_msg = en_msg
        self.file = display_name(file) if file else file
        self.row = row
        self.column = column
        super().__init__(self._render())

    def _where(self, lang: str) -> str:
        parts = []
        if self.file:
            parts.append(f"{'berkas' if lang == 'id' else 'file'} {self.file}")
        if self.row is not None:
            parts.append(f"{'baris' if lang == 'id' else 'row'} {self.row}")
        if self.column:
            parts.append(f"{'kolom' if lang == 'id' else 'column'} {self.column}")
        return ", ".join(parts)

    def _render(self) -> str:
        wid, wen = self._where("id"), self._where("en")
        left = f"{wid}: {self.id_msg}" if wid else self.id_msg
        right = f"{wen}: {self.en_msg}" if wen else self.en_msg
        return f"{left}\n{right}"


def display_name(file: str) -> str:
    """A file named for a message: an absolute path (``/srv/..``, ``C:\\..``) becomes its base
    name, so no message shows where the machine keeps files; relative display names such as
    ``kiriman.zip:sambong/desa_a.csv`` stay as they are."""
    text = str(file)
    if text.startswith(("/", "\\")) or re.match(r"[A-Za-z]:[\\/]", text):
        return re.split(r"[\\/]", text.rstrip("/\\"))[-1] or text
    return text


class LayoutError(InputError):
    """A household file whose header matches no known register layout."""


class BoundaryError(InputError):
    """A boundary file that cannot be used (no CRS, no code or name columns, unreadable)."""
