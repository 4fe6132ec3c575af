"""Household registers (SIKS-NG DTKS, P3KE, DTSEN): detect the layout, read, drop personal data.

``read_register(paths)`` reads files, folders or zips of one layout into one row per household
(docs/architecture.md, docs/layouts.md). Personal columns never leave the reader: they are not
read at all, the household / person keys are replaced by salted hashes in the step that reads
each chunk, and the hashes are dropped before returning (see :mod:`layers.registers.privacy`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import numpy as np
import pandas as pd

from layers.errors import InputError, LayoutError
from layers.registers import dtsen, p3ke, privacy, siks
from layers.settings import DEFAULT, Settings
from layers.tabular import (
    HeaderNotFoundError, InputFile, expand_inputs, iter_table, normalize_header,
)

__all__ = ["HOUSEHOLD_COLUMNS", "LAYOUTS", "RegisterData", "detect_layout", "read_register",
           "sniff_layout"]

#: known layouts, in the order they are tried and listed in messages
LAYOUTS: dict[str, ModuleType] = {"siks": siks, "p3ke": p3ke, "dtsen": dtsen}

#: columns of ``RegisterData.households``, in this order
HOUSEHOLD_COLUMNS: tuple[str, ...] = (
    "_file", "_row", "prov", "kab", "kec", "desa", "kode", "dusun", "rw", "rt", "jiwa", "desil",
    "pkh", "bpnt", "pbi", "bpum", "bst", "padan",
    "atap", "dinding", "lantai", "penerangan", "bahan_bakar", "air_minum", "fasilitas_bab",
)
_INT = ("jiwa", "desil")
_BOOL = ("pkh", "bpnt", "pbi", "bpum", "bst", "padan")


@dataclass
class RegisterData:
    """A register read into households.

    Attributes
    ----------
    layout
        ``siks``, ``p3ke`` or ``dtsen``.
    households
        One row per household / family, columns :data:`HOUSEHOLD_COLUMNS`: ``_file, _row``
        (first source row), area as written (``prov, kab, kec, desa, kode, dusun, rw, rt``;
        str, NaN where empty), ``jiwa``, ``desil`` (Int64), ``pkh, bpnt, pbi, bpum, bst,
        padan`` (boolean, NA where unknown or not recorded), housing items as written (P3KE,
        DTSEN; NaN for SIKS), then the layout's ``EXTRA_COLUMNS`` (DTSEN: ``kode_bps``,
        ``blt_dd``). No personal column, no hash.
    programmes
        The programme columns this layout records.
    stats
        ``files`` (list of ``{name, sha256, rows}``), ``rows_read``, ``duplicates``,
        ``rejected``, ``kept`` (households), ``persons`` (SIKS; None for P3KE), ``warnings``,
        ``flag_invalid``, ``duplicate_files``, ``missing_columns`` and per layout
        ``kk_area_conflict``, ``nik_empty`` (SIKS) or ``desil_invalid``, ``desil_empty``,
        ``family_id_empty`` (P3KE).
    rejected
        Rows not used: ``file, row, kolom, alasan, prov, kab, kec, desa, kode``.
    warnings
        Rows kept with a value treated as unknown (invalid or empty desil, unknown yes/no
        value), same columns as ``rejected``.
    """

    layout: str
    households: pd.DataFrame
    programmes: list[str]
    stats: dict[str, Any]
    rejected: pd.DataFrame
    warnings: pd.DataFrame = field(default_factory=privacy.empty_records)

    @property
    def register(self) -> str:
        """Register name used in outputs: ``dtks`` for SIKS-NG exports, ``p3ke``."""
        return LAYOUTS[self.layout].REGISTER


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
        raise _layout_error(found, file)
    return best


def sniff_layout(path: str | os.PathLike | Iterable[str | os.PathLike], *,
                 settings: Settings = DEFAULT) -> str:
    """Layout of a file, folder or zip, from the header row(s) only (no data row is read).

    ``settings`` is accepted for symmetry with :func:`read_register`.

    Raises
    ------
    InputError
        No file; :class:`LayoutError` for an unknown header or files of different layouts.
    """
    files = expand_inputs(path)
    if not files:
        raise _no_files()
    layout, first = None, None
    for item in files:
        found = _file_layout(item)
        if layout is None:
            layout, first = found, item.name
        elif found != layout:
            raise _mixed_error(found, item.name, layout, first)
    return layout


def read_register(paths: str | os.PathLike | Iterable[str | os.PathLike], *,
                  settings: Settings = DEFAULT, salt: bytes | str | None = None) -> RegisterData:
    """Read register files of one layout into households.

    Parameters
    ----------
    paths
        Files, folders or zips (see :func:`layers.tabular.expand_inputs`); all of one layout.
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
        raise _no_files()
    reading = _Reading(_key(salt))
    for item in files:
        reading.read_file(item, settings)
    return reading.finish()


# --------------------------------------------------------------------------------------------
# private steps
# --------------------------------------------------------------------------------------------

def _key(salt: bytes | str | None) -> bytes:
    if salt is None:
        return privacy.new_salt()
    raw = salt.encode("utf-8") if isinstance(salt, str) else bytes(salt)
    return raw if 0 < len(raw) <= 64 else hashlib.blake2b(raw, digest_size=32).digest()


def _no_files() -> InputError:
    return InputError("Tidak ada berkas data (folder atau zip kosong, atau hanya berkas "
                      "tersembunyi).",
                      "No data file (empty folder or zip, or hidden files only).")


def _mixed_error(layout: str, name: str, first_layout: str, first_file: str) -> LayoutError:
    return LayoutError(
        f"Berkas ini bertata letak {layout}, sedangkan {first_file} bertata letak "
        f"{first_layout}. Semua berkas dalam satu pembacaan harus bertata letak sama.",
        f"This file has the {layout} layout while {first_file} has {first_layout}. "
        "All files read together must have the same layout.", file=name)


def _file_layout(item: InputFile) -> str:
    """Layout of one file from its header; no data column is converted."""
    probe = _Probe()
    chunks = iter_table(item, chunk_rows=1, header_probe=probe, select=lambda header: [])
    try:
        header = next(chunks).header
    except HeaderNotFoundError:
        raise _layout_error(probe.best, item.name) from None
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


def _layout_error(found: set[str], file: str | None) -> LayoutError:
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


def _column_map(header: Sequence[str], module: ModuleType) -> dict[str, str]:
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


class _Probe:
    """Header probe: accepts a row carrying every required column of some layout.

    Remembers the folded names of the row that came closest, to say what is missing.
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
        probe = _Probe()
        rows = 0
        try:
            for chunk in iter_table(item, chunk_rows=settings.chunk_rows, header_probe=probe,
                                    select=self._select):
                module, columns = self._check_layout(chunk.header, item.name)
                label = chunk.label
                if label not in self.labels:
                    self.labels.append(label)
                    self._note_missing(label, module, columns)
                if chunk.bad_rows:
                    self.rejected.append(_bad_rows(chunk.bad_rows, label, len(chunk.header))
                                         .assign(_fi=self.labels.index(label)))
                    self.counts["rows"] = self.counts.get("rows", 0) + len(chunk.bad_rows)
                    rows += len(chunk.bad_rows)
                frame = chunk.frame.rename(columns={v: k for k, v in columns.items()})
                del chunk
                part, rejected, warnings, counts = module.reduce_chunk(
                    frame, file_index=self.labels.index(label), label=label, columns=columns,
                    salt=self.salt)
                del frame
                rows += counts["rows"]
                self.parts.append(part)
                self.rejected.extend(r.assign(_fi=self.labels.index(label)) for r in rejected)
                self.warnings.extend(w.assign(_fi=self.labels.index(label)) for w in warnings)
                for k, v in counts.items():
                    self.counts[k] = self.counts.get(k, 0) + v
        except HeaderNotFoundError:
            raise _layout_error(probe.best, item.name) from None
        self.files.append({"name": item.name, "sha256": item.sha256, "rows": rows})

    @staticmethod
    def _select(header: list[str]) -> list[str]:
        module = LAYOUTS[detect_layout(header)]
        return list(_column_map(header, module).values())

    def _check_layout(self, header: list[str], name: str) -> tuple[ModuleType, dict[str, str]]:
        layout = detect_layout(header, file=name)
        if self.layout is None:
            self.layout, self.first_file = layout, name
        elif layout != self.layout:
            raise _mixed_error(layout, name, self.layout, self.first_file)
        module = LAYOUTS[layout]
        return module, _column_map(header, module)

    def _note_missing(self, label: str, module: ModuleType, columns: dict[str, str]) -> None:
        absent = [c for c, role in module.COLUMNS.items() if role not in columns]
        if absent:
            self.missing[label] = absent

    def finish(self) -> RegisterData:
        module = LAYOUTS[self.layout]
        households, extra = module.finalize(self.parts, self.labels)
        self.parts.clear()
        households = _conform(households, extra=getattr(module, "EXTRA_COLUMNS", {}))
        rejected = _records(self.rejected)
        warnings = _records(self.warnings)
        privacy.assert_clean([households, rejected, warnings])
        seen: dict[str, str] = {}
        duplicate_files = []
        for f in self.files:
            if f["sha256"] in seen:
                duplicate_files.append(f["name"])
            seen.setdefault(f["sha256"], f["name"])
        counts = dict(self.counts)
        stats: dict[str, Any] = {
            "files": self.files,
            "rows_read": counts.pop("rows", 0),
            "duplicates": extra.pop("duplicates", 0),
            "rejected": len(rejected),
            "kept": len(households),
            "persons": extra.pop("persons", None),
            "warnings": len(warnings),
            **extra,
            **counts,
            "duplicate_files": duplicate_files,
            "missing_columns": self.missing,
        }
        return RegisterData(layout=self.layout, households=households,
                            programmes=list(module.PROGRAMMES), stats=stats,
                            rejected=rejected, warnings=warnings)


def _bad_rows(bad: list[tuple[int, int]], label: str, width: int) -> pd.DataFrame:
    """Rejected records for text rows left out for having more cells than the header."""
    n = len(bad)
    out = pd.DataFrame({
        "file": pd.Series([label] * n, dtype=str),
        "row": np.array([r for r, _ in bad], dtype="int64"),
        "kolom": pd.Series([np.nan] * n, dtype=str),
        "alasan": pd.Series([f"Baris berisi {c} sel, lebih banyak dari judul kolom ({width}); "
                             f"baris dilewati / row has {c} cells, more than the header "
                             f"({width}); row skipped" for _, c in bad], dtype=str),
    })
    for col in privacy.AREA_COLUMNS:
        out[col] = pd.Series([np.nan] * n, dtype=str)
    return out


def _records(frames: list[pd.DataFrame]) -> pd.DataFrame:
    if not frames:
        return privacy.empty_records()
    out = pd.concat(frames, ignore_index=True)
    out = out.sort_values(["_fi", "row"], kind="stable").drop(columns="_fi")
    return out.reset_index(drop=True)[list(privacy.RECORD_COLUMNS)]


def _conform(frame: pd.DataFrame, extra: dict[str, str] | None = None) -> pd.DataFrame:
    """Households in the documented columns, order and dtypes, then the layout's extra
    columns (name -> dtype) after them."""
    n = len(frame)
    out: dict[str, Any] = {}
    for col in HOUSEHOLD_COLUMNS:
        have = col in frame.columns
        if col == "_file":
            out[col] = pd.Series(frame[col].to_numpy() if have else [], dtype=str)
        elif col == "_row":
            out[col] = pd.Series(frame[col].to_numpy() if have else [], dtype="int64")
        elif col in _INT:
            out[col] = (pd.Series(frame[col].to_numpy(), dtype="Int64") if have
                        else pd.Series(pd.NA, index=range(n), dtype="Int64"))
        elif col in _BOOL:
            out[col] = (pd.Series(frame[col].to_numpy(), dtype="boolean") if have
                        else pd.Series(pd.NA, index=range(n), dtype="boolean"))
        else:
            values = (pd.Series(frame[col].to_numpy(), dtype=str) if have
                      else pd.Series(np.nan, index=range(n), dtype=str))
            out[col] = values.where(values != "")
    for col, dtype in (extra or {}).items():
        values = frame[col].to_numpy() if col in frame.columns else [pd.NA] * n
        out[col] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(out, index=range(n))
