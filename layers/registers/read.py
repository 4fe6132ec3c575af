"""Reading register files of one layout into households (:func:`read_register`).

Each file is read in chunks (:func:`layers.io.iter_table`) of the layout's columns only; each
chunk is reduced at once by the layout's ``reduce_chunk`` (keys hashed, personal columns never
read), and the layout's ``finalize`` folds what the chunks leave behind into households.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from types import ModuleType
from typing import Any

import pandas as pd

from layers.io import HeaderNotFoundError, InputFile, TableChunk, expand_inputs, iter_table
from layers.registers import privacy
from layers.registers.detect import (
    LAYOUTS, HeaderProbe, column_map, detect_layout, layout_error, mixed_error, no_files,
)
from layers.registers.households import (
    RegisterData, bad_row_records, conform, sorted_records,
)
from layers.registers.shifted import KEY_ROLES, check_shifted, scrubbed_records
from layers.settings import DEFAULT, Settings

__all__ = ["read_register"]


def read_register(paths: str | os.PathLike | Iterable[str | os.PathLike], *,
                  settings: Settings = DEFAULT, salt: bytes | str | None = None) -> RegisterData:
    """Read register files of one layout into households.

    Parameters
    ----------
    paths
        Files, folders or zips (see :func:`layers.io.expand_inputs`); all of one layout.
    settings
        ``chunk_rows`` is used.
    salt
        Key of the household / person hashes; random per call unless given (tests).

    Returns
    -------
    RegisterData

    Raises
    ------
    InputError
        No file, unreadable file; :class:`LayoutError` for an unknown header or files of
        different layouts. Messages never carry a personal value.
    """
    files = expand_inputs(paths)
    if not files:
        raise no_files()
    reading = _Reading(_key(salt))
    for item in files:
        reading.read_file(item, settings)
    return reading.finish()


def _key(salt: bytes | str | None) -> bytes:
    if salt is None:
        return privacy.new_salt()
    raw = salt.encode("utf-8") if isinstance(salt, str) else bytes(salt)
    return raw if 0 < len(raw) <= 64 else hashlib.blake2b(raw, digest_size=32).digest()


class _Reading:
    """State of one ``read_register`` call: what the chunks leave behind (no personal data)."""

    def __init__(self, salt: bytes) -> None:
        self.salt = salt
        self.labels: list[str] = []
        self.layout: str | None = None
        self.first_file: str | None = None
        self.parts: list[pd.DataFrame] = []
        self.rejected: list[pd.DataFrame] = []
        self.warnings: list[pd.DataFrame] = []
        self.counts: dict[str, int] = {}
        self.files: list[dict[str, Any]] = []
        self.missing: dict[str, list[str]] = {}

    def read_file(self, item: InputFile, settings: Settings) -> None:
        """Read one file's chunks; its name, SHA-256 and row count go to ``files``."""
        probe = HeaderProbe()
        rows = 0
        try:
            for chunk in iter_table(item, chunk_rows=settings.chunk_rows, header_probe=probe,
                                    select=self._select, keys=self._keys):
                module, columns, label = self._accept(chunk.header, chunk.label, item.name)
                rows += self._take_bad_rows(chunk, label)
                frame = chunk.frame.rename(columns={v: k for k, v in columns.items()})
                self._check_values(frame, columns, chunk.scrubbed, label, settings)
                del chunk
                rows += self._reduce(module, frame, label, columns)
                del frame
        except HeaderNotFoundError:
            raise layout_error(probe.best, item.name) from None
        self.files.append({"name": item.name, "sha256": item.sha256, "rows": rows})

    def _accept(self, header: list[str], label: str, name: str
                ) -> tuple[ModuleType, dict[str, str], str]:
        """The chunk's layout module and column map; a new table label is noted once."""
        module, columns = self._check_layout(header, name)
        if label not in self.labels:
            self.labels.append(label)
            self._note_missing(label, module, columns)
        return module, columns, label

    def _take_bad_rows(self, chunk: TableChunk, label: str) -> int:
        """Reject the text rows left out for having too many cells; how many there were."""
        if not chunk.bad_rows:
            return 0
        self.rejected.append(bad_row_records(chunk.bad_rows, label, len(chunk.header))
                             .assign(_fi=self.labels.index(label)))
        self._count({"rows": len(chunk.bad_rows)})
        return len(chunk.bad_rows)

    def _reduce(self, module: ModuleType, frame: pd.DataFrame, label: str,
                columns: dict[str, str]) -> int:
        """Reduce a role-named chunk with its layout's step; the number of rows it held."""
        index = self.labels.index(label)
        part, rejected, warnings, counts = module.reduce_chunk(
            frame, file_index=index, label=label, columns=columns, salt=self.salt)
        self.parts.append(part)
        self.rejected.extend(r.assign(_fi=index) for r in rejected)
        self.warnings.extend(w.assign(_fi=index) for w in warnings)
        self._count(counts)
        return counts["rows"]

    def _check_values(self, frame: pd.DataFrame, columns: dict[str, str],
                      scrubbed: dict, label: str, settings: Settings) -> None:
        """Refuse shifted headers; list the NIK-shaped cells blanked (row and column only)."""
        check_shifted(frame, columns, scrubbed, label=label, settings=settings)
        index = self.labels.index(label)
        records = scrubbed_records(frame, columns, scrubbed, label=label)
        self.rejected.extend(r.assign(_fi=index) for r in records)
        self._count({"nik_shaped_removed": sum(len(r) for r in records)})

    def _count(self, counts: dict[str, int]) -> None:
        for k, v in counts.items():
            self.counts[k] = self.counts.get(k, 0) + v

    @staticmethod
    def _select(header: list[str]) -> list[str]:
        module = LAYOUTS[detect_layout(header)]
        return list(column_map(header, module).values())

    @staticmethod
    def _keys(header: list[str]) -> list[str]:
        """The key columns (KK, NIK, family id): hashed at once, so NIK-shaped by right."""
        columns = column_map(header, LAYOUTS[detect_layout(header)])
        return [columns[r] for r in KEY_ROLES if r in columns]

    def _check_layout(self, header: list[str], name: str) -> tuple[ModuleType, dict[str, str]]:
        layout = detect_layout(header, file=name)
        if self.layout is None:
            self.layout, self.first_file = layout, name
        elif layout != self.layout:
            raise mixed_error(layout, name, self.layout, self.first_file)
        module = LAYOUTS[layout]
        return module, column_map(header, module)

    def _note_missing(self, label: str, module: ModuleType, columns: dict[str, str]) -> None:
        absent = [c for c, role in module.COLUMNS.items() if role not in columns]
        if absent:
            self.missing[label] = absent

    def finish(self) -> RegisterData:
        """Households, records and stats of everything read (personal data checked absent)."""
        module = LAYOUTS[self.layout]
        households, extra = module.finalize(self.parts, self.labels)
        self.parts.clear()
        households = conform(households, extra=getattr(module, "EXTRA_COLUMNS", {}))
        rejected = sorted_records(self.rejected)
        warnings = sorted_records(self.warnings)
        privacy.assert_clean([households, rejected, warnings])
        counts = dict(self.counts)
        stats: dict[str, Any] = {
            "files": self.files,
            "rows_read": counts.pop("rows", 0),
            "duplicates": extra.pop("duplicates", 0),
            "rejected": len(rejected) - counts.get("nik_shaped_removed", 0),   # rows
            "kept": len(households),
            "persons": extra.pop("persons", None),
            "warnings": len(warnings),
            **extra,
            **counts,
            "duplicate_files": self._duplicate_files(),
            "missing_columns": self.missing,
        }
        return RegisterData(layout=self.layout, households=households,
                            programmes=list(module.PROGRAMMES), stats=stats,
                            rejected=rejected, warnings=warnings)

    def _duplicate_files(self) -> list[str]:
        """Names of files whose bytes repeat an earlier file's."""
        seen: dict[str, str] = {}
        duplicate_files = []
        for f in self.files:
            if f["sha256"] in seen:
                duplicate_files.append(f["name"])
            seen.setdefault(f["sha256"], f["name"])
        return duplicate_files
