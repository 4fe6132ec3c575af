"""Read tables (CSV / TSV / semicolon text, XLSX, XLS) as chunks of strings, sniffed by content.

The kind of a file is decided from its first bytes, never from its extension: an XLSX is a zip
with ``xl/`` inside, an XLS an OLE2 container, anything else is text. Text files are decoded
(UTF-8 with or without BOM, UTF-16 with BOM as Excel's "Unicode text" writes it, Windows-1252
when UTF-8 fails), their delimiter is sniffed (comma, semicolon, tab, pipe), and they are read
in chunks so a big file never has to fit in memory whole.

Every cell comes out as a string stripped of surrounding whitespace; nothing is turned into a
number (``"NA"`` and ``"-"`` stay what they are). Numeric spreadsheet cells are written without
float damage where possible (``3316062002.0`` -> ``"3316062002"``). Each chunk carries a ``_row``
column: the row number as a spreadsheet shows it (1-based, header and title rows included).

Title rows above the header are skipped: the header is the first row accepted by
``header_probe`` (a set of key columns or a callable).
"""

from __future__ import annotations

import codecs
import csv
import datetime as _dt
import hashlib
import io
import itertools
import os
import re
import tempfile
import warnings
import zipfile
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

import numpy as np
import pandas as pd

from layers.errors import InputError
from layers.settings import DEFAULT

__all__ = [
    "HEADER_SCAN_ROWS", "HeaderNotFoundError", "InputFile", "TableChunk", "expand_inputs",
    "iter_table", "normalize_header", "parse_flags", "parse_number", "sniff_kind",
]

#: how many rows from the top are searched for the header (title rows above it are skipped)
HEADER_SCAN_ROWS = 50

_SAMPLE_CHARS = 1 << 18          # text decoded to sniff the delimiter and find the header
_BLOCK = 1 << 20                 # read size for hashing and encoding checks
_SPOOL_BYTES = 64 << 20          # zip members up to this size stay in memory, larger spill to disk
_DELIMITERS = (",", ";", "\t", "|")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FOLD = re.compile(r"[\s_/.\\\-]+")
_SKIP_NAMES = {"__macosx", "thumbs.db", "desktop.ini"}

ProbeArg = Callable[[Sequence[str]], bool] | Collection[str] | None
SelectArg = Callable[[list[str]], Iterable[str]] | None


class HeaderNotFoundError(InputError):
    """No row in the first :data:`HEADER_SCAN_ROWS` rows was accepted as the header."""


@dataclass(frozen=True)
class InputFile:
    """One table file to read: a file on disk or a member of a (possibly nested) zip.

    Attributes
    ----------
    name
        Display name without machine paths: ``kec_sambong.csv``, ``kiriman/desa_a.xlsx`` (inside
        a folder given as input) or ``kiriman.zip:sambong/desa_a.csv`` (inside a zip).
    source
        The file on disk (the outer zip for members).
    members
        Path of the member inside each nested zip, outermost first; empty for plain files.
    sha256
        SHA-256 (hex) of the original file's bytes (of the member, for zip members).
    size
        Size in bytes.
    """

    name: str
    source: Path
    members: tuple[str, ...] = ()
    sha256: str = ""
    size: int = 0

    def open(self) -> IO[bytes]:
        """Open the original bytes as a seekable binary file (close it after use)."""
        fh: IO[bytes] = open(self.source, "rb")
        try:
            for member in self.members:
                with zipfile.ZipFile(fh) as zf:
                    inner, _, _ = _spool_member(zf, member)
                fh.close()
                fh = inner
        except (zipfile.BadZipFile, RuntimeError, KeyError, OSError, EOFError):
            fh.close()
            raise InputError("Arsip zip rusak atau terkunci sandi.",
                             "The zip archive is damaged or password-protected.",
                             file=self.name) from None
        return fh


@dataclass
class TableChunk:
    """A slice of one table.

    Attributes
    ----------
    file
        Display name of the file (no machine path).
    header
        All column names of the header row, stripped, empty ones named ``_kolom_<n>`` and
        duplicates suffixed ``_2``, ``_3`` (the names used as frame columns).
    frame
        String cells of the selected columns plus ``_row`` (int64, spreadsheet row number).
        Rows whose selected cells are all empty are left out (their numbers are skipped).
    sheet
        Worksheet name for XLSX / XLS, ``None`` for text.
    header_row
        Spreadsheet row number of the header.
    sheets
        How many sheets of this workbook are being read (``label`` names the sheet when > 1).
    bad_rows
        Text files: ``(row number, cells)`` of rows left out because they have more cells than
        the header (their values would land in the wrong columns).
    """

    file: str
    header: list[str]
    frame: pd.DataFrame
    sheet: str | None = None
    header_row: int = 1
    sheets: int = 1
    bad_rows: list[tuple[int, int]] = field(default_factory=list)

    @property
    def label(self) -> str:
        """File name, with the sheet in brackets when a workbook gives several tables."""
        return f"{self.file} [{self.sheet}]" if self.sheet and self.sheets > 1 else self.file


# --------------------------------------------------------------------------------------------
# Public helpers
# --------------------------------------------------------------------------------------------

def normalize_header(name: Any) -> str:
    """Fold a column name for comparison: upper case, no spaces, ``_``, ``/``, ``.``, ``-``.

    >>> normalize_header(" Kabupaten/Kota ") == normalize_header("KABUPATEN_KOTA")
    True
    """
    text = "" if name is None else str(name)
    text = text.replace("\ufeff", "").replace("\u200b", "")
    return _FOLD.sub("", text).upper()


_NUM_PLAIN = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")
_NUM_DOT_THOUSANDS = re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d*)?")
_NUM_COMMA_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
_NUM_EXP = re.compile(r"[+-]?\d+(\.\d*)?[eE][+-]?\d+")


def parse_number(text: Any, *, decimal: str | None = None) -> float | None:
    """Parse a number written the Indonesian or the English way.

    Parameters
    ----------
    text
        ``"1.234,5"``, ``"1234.5"``, ``"1,234.5"``, ``"1234,5"``, ``"-7"``, ``"3.3E+09"``; numbers
        pass through. Spaces (also non-breaking) are ignored.
    decimal
        Force the decimal separator (``","`` or ``"."``). By default a separator that occurs
        once (and is not followed by a different one) is the decimal separator, so ``"1.234"``
        is 1.234 and ``"1,5"`` is 1.5; repeated or mixed separators are thousands groups.

    Returns
    -------
    float or None
        ``None`` when the text is empty or not a number.
    """
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, (int, float, np.integer, np.floating)):
        value = float(text)
        return None if np.isnan(value) else value
    s = re.sub(r"\s+", "", str(text))
    if not s:
        return None
    if decimal in (",", "."):
        thousands = "." if decimal == "," else ","
        s = s.replace(thousands, "").replace(decimal, ".")
    elif _NUM_EXP.fullmatch(s):
        pass
    elif _NUM_DOT_THOUSANDS.fullmatch(s) and (s.count(".") > 1 or "," in s):
        s = s.replace(".", "").replace(",", ".")
    elif _NUM_COMMA_THOUSANDS.fullmatch(s) and (s.count(",") > 1 or "." in s):
        s = s.replace(",", "")
    elif _NUM_PLAIN.fullmatch(s):
        s = s.replace(",", ".")
    else:
        return None
    try:
        return float(s)
    except ValueError:
        return None


_TRUE = frozenset({"YA", "Y", "YES", "1", "1.0", "TRUE", "BENAR", "V", "ADA"})
_FALSE = frozenset({"TIDAK", "T", "TDK", "NO", "0", "0.0", "FALSE", "SALAH", "-", "BUKAN",
                    "TIDAK ADA"})


def parse_flags(values: pd.Series, *, empty: bool | None) -> tuple[pd.Series, pd.Series]:
    """Parse yes/no cells (``YA``/``Ya``/``1``/``TRUE`` vs ``TIDAK``/``-``/``0``/``FALSE``).

    Parameters
    ----------
    values
        String cells.
    empty
        What an empty cell means: ``False`` (SIKS-NG writes ``-`` or nothing for "no") or
        ``None`` for unknown (NA).

    Returns
    -------
    (flags, unknown)
        ``flags`` is a nullable boolean Series; ``unknown`` marks non-empty cells that are
        neither yes nor no (their flag is NA).
    """
    s = values.fillna("").astype(str).str.strip().str.upper()
    yes = s.isin(_TRUE).to_numpy()
    no = s.isin(_FALSE).to_numpy()
    blank = (s == "").to_numpy()
    out = pd.array(np.zeros(len(s), dtype=bool), dtype="boolean")
    out[yes] = True
    na = ~yes & ~no
    if empty is not None:
        out[blank] = bool(empty)
        na &= ~blank
    out[na] = pd.NA
    unknown = pd.Series(~yes & ~no & ~blank, index=values.index)
    return pd.Series(out, index=values.index), unknown


def sniff_kind(fh: IO[bytes]) -> str:
    """Kind of a binary stream from its content: ``xlsx``, ``xls``, ``zip``, ``text``, ``empty``.

    ``broken_zip`` when it starts like a zip but cannot be opened. The stream is rewound.
    """
    fh.seek(0)
    head = fh.read(8)
    fh.seek(0)
    if not head:
        return "empty"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        try:
            with zipfile.ZipFile(fh) as zf:
                names = zf.namelist()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            return "broken_zip"
        finally:
            fh.seek(0)
        return "xlsx" if any(n.startswith("xl/") for n in names) else "zip"
    if head.startswith(_OLE2):
        return "xls"
    return "text"


# --------------------------------------------------------------------------------------------
# expand_inputs
# --------------------------------------------------------------------------------------------

def expand_inputs(paths: str | os.PathLike | Iterable[str | os.PathLike]) -> list[InputFile]:
    """Expand files, folders and zips into the table files they hold.

    Parameters
    ----------
    paths
        One path or several. A folder is walked recursively in sorted order; a zip (detected by
        content) is opened and its members listed, nested folders and nested zips included.
        Hidden and temporary files (``.x``, ``~$x.xlsx``, ``__MACOSX``, ``Thumbs.db``) are skipped.

    Returns
    -------
    list of InputFile
        In input order, each with display name and SHA-256 of its original bytes.

    Raises
    ------
    InputError
        A path that does not exist, or a damaged zip.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    out: list[InputFile] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError("Berkas atau folder tidak ditemukan.", "File or folder not found.",
                             file=path.name or str(raw))
        if path.is_dir():
            base = path.resolve().name or "folder"
            files = [p for p in path.rglob("*") if p.is_file()]
            files.sort(key=lambda p: p.relative_to(path).as_posix().casefold())
            for f in files:
                rel = f.relative_to(path)
                if not skipped_member(rel.parts):
                    out.extend(_expand_file(f, f"{base}/{rel.as_posix()}"))
        else:
            out.extend(_expand_file(path, path.name))
    return out


def skipped_member(parts: Sequence[str]) -> bool:
    """True for a folder or archive member that is not a data file (hidden, temporary, system).

    The one rule for what counts inside a folder or a zip: reading and upload checking use it
    both, so they agree on which members a zip holds.
    """
    for part in parts:
        low = part.casefold()
        if part.startswith((".", "~")) or low in _SKIP_NAMES or low.endswith((".tmp", "~")):
            return True
    return False


def _expand_file(path: Path, display: str) -> list[InputFile]:
    with open(path, "rb") as fh:
        kind = sniff_kind(fh)
        if kind == "zip":
            return _expand_archive(fh, display, path, ())
    digest, size = _sha256_file(path)
    return [InputFile(name=display, source=path, sha256=digest, size=size)]


def _expand_archive(fh: IO[bytes], display: str, source: Path,
                    chain: tuple[str, ...]) -> list[InputFile]:
    out: list[InputFile] = []
    try:
        with zipfile.ZipFile(fh) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            infos.sort(key=lambda i: i.filename.casefold())
            for info in infos:
                if skipped_member(PurePosixPath(info.filename).parts):
                    continue
                name = f"{display}:{info.filename}"
                spool, digest, size = _spool_member(zf, info)
                with spool:
                    if sniff_kind(spool) == "zip":
                        out.extend(_expand_archive(spool, name, source, (*chain, info.filename)))
                    else:
                        out.append(InputFile(name=name, source=source,
                                             members=(*chain, info.filename),
                                             sha256=digest, size=size))
    except (zipfile.BadZipFile, RuntimeError, OSError, EOFError, NotImplementedError):
        raise InputError("Arsip zip rusak atau terkunci sandi.",
                         "The zip archive is damaged or password-protected.",
                         file=display) from None
    return out


def _spool_member(zf: zipfile.ZipFile, member: str | zipfile.ZipInfo) -> tuple[IO[bytes], str, int]:
    """Copy a zip member to a seekable private file (memory, or a temp file when large)."""
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)
    digest = hashlib.sha256()
    size = 0
    try:
        with zf.open(member) as src:
            while block := src.read(_BLOCK):
                digest.update(block)
                spool.write(block)
                size += len(block)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool, digest.hexdigest(), size


def _sha256_file(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while block := fh.read(_BLOCK):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


# --------------------------------------------------------------------------------------------
# iter_table
# --------------------------------------------------------------------------------------------

def iter_table(path: str | os.PathLike | InputFile, *, chunk_rows: int = DEFAULT.chunk_rows,
               header_probe: ProbeArg = None, select: SelectArg = None) -> Iterator[TableChunk]:
    """Read a table file in chunks of string cells.

    Parameters
    ----------
    path
        A file path or an :class:`InputFile` from :func:`expand_inputs`.
    chunk_rows
        Rows per chunk.
    header_probe
        How to recognise the header row: a collection of key column names (all must be present,
        compared with :func:`normalize_header`), a callable taking the row's cells and returning
        ``True`` for the header, or ``None`` for "the first non-empty row". Rows above it are
        title rows and are skipped. In a workbook every sheet with such a header is read (only
        the first sheet when ``header_probe`` is ``None``).
    select
        Callable taking the header names and returning the names to keep. The other columns
        never reach a returned frame: spreadsheet cells of other columns are not even
        converted, text chunks are cut down right after parsing (every column is parsed so
        that a row with too many cells is caught instead of read shifted).

    Yields
    ------
    TableChunk
        At least one per table read (empty when the table has a header and no data).

    Raises
    ------
    InputError
        Empty or unreadable file, header not found (:class:`HeaderNotFoundError`). Messages
        name the file and row, never a cell's value. (A text row with more cells than the
        header is not an error: it is left out and listed in ``TableChunk.bad_rows``.)
    """
    src = path if isinstance(path, InputFile) else _plain_input(Path(path))
    probe = _make_probe(header_probe)
    chunk_rows = max(1, int(chunk_rows))
    fh = src.open()
    try:
        kind = sniff_kind(fh)
        if kind == "empty":
            raise InputError("Berkas kosong.", "The file is empty.", file=src.name)
        if kind == "zip":
            raise InputError("Berkas ini arsip zip, bukan tabel.",
                             "This file is a zip archive, not a table.", file=src.name)
        if kind == "broken_zip":
            raise InputError("Berkas rusak: terlihat seperti XLSX/zip tetapi tidak dapat dibuka.",
                             "Damaged file: it looks like an XLSX/zip but cannot be opened.",
                             file=src.name)
        reader = {"text": _iter_text, "xlsx": _iter_xlsx, "xls": _iter_xls}[kind]
        yield from reader(fh, src.name, chunk_rows, probe, header_probe is None, select)
    finally:
        fh.close()


def _plain_input(path: Path) -> InputFile:
    if not path.is_file():
        raise InputError("Berkas tidak ditemukan.", "File not found.", file=path.name)
    return InputFile(name=path.name, source=path)


def _make_probe(header_probe: ProbeArg) -> Callable[[Sequence[str]], bool]:
    if header_probe is None:
        return lambda cells: any(str(c).strip() for c in cells)
    if callable(header_probe):
        return header_probe
    keys = {normalize_header(k) for k in header_probe}
    return lambda cells: keys <= {normalize_header(c) for c in cells}


def _header_not_found(name: str, sheet: str | None = None) -> HeaderNotFoundError:
    where_id = f" (lembar {sheet})" if sheet else ""
    where_en = f" (sheet {sheet})" if sheet else ""
    return HeaderNotFoundError(
        f"Baris judul kolom (header) yang dikenali tidak ditemukan dalam {HEADER_SCAN_ROWS} "
        f"baris pertama{where_id}.",
        f"No recognisable header row in the first {HEADER_SCAN_ROWS} rows{where_en}.", file=name)


def _unique_names(cells: Sequence[str]) -> list[str]:
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


def _selected(header: list[str], select: SelectArg) -> list[str]:
    if select is None:
        return list(header)
    wanted = set(select(list(header)))
    return [h for h in header if h in wanted]


def _finish_frame(frame: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    """Strip cells, drop rows whose cells are all empty, add ``_row``."""
    frame = frame.fillna("")
    filled = np.zeros(len(frame), dtype=bool)
    for col in frame.columns:
        frame[col] = frame[col].astype(str).str.strip()
        filled |= (frame[col] != "").to_numpy()
    frame["_row"] = np.asarray(rows, dtype="int64")
    return frame.loc[filled].reset_index(drop=True)


# --- text ----------------------------------------------------------------------------------

def _detect_encoding(fh: IO[bytes], name: str) -> str:
    fh.seek(0)
    head = fh.read(4096)
    fh.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        even, odd = head[0::2], head[1::2]
        if odd.count(0) > len(odd) * 0.3 and even.count(0) < len(even) * 0.05:
            return "utf-16-le"
        if even.count(0) > len(even) * 0.3 and odd.count(0) < len(odd) * 0.05:
            return "utf-16-be"
        raise InputError("Berkas ini bukan tabel teks, XLSX atau XLS.",
                         "This file is not a text table, XLSX or XLS.", file=name)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while block := fh.read(_BLOCK):
            decoder.decode(block)
        decoder.decode(b"", final=True)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"
    finally:
        fh.seek(0)


def _text_stream(fh: IO[bytes], encoding: str) -> io.TextIOWrapper:
    fh.seek(0)
    return io.TextIOWrapper(fh, encoding=encoding, errors="replace", newline="")


def _read_sample(fh: IO[bytes], encoding: str) -> str:
    stream = _text_stream(fh, encoding)
    try:
        sample = stream.read(_SAMPLE_CHARS)
    finally:
        stream.detach()
    if len(sample) == _SAMPLE_CHARS and "\n" in sample:
        sample = sample[: sample.rfind("\n") + 1]
    return sample


def _parse_sample(sample: str, delimiter: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        for row in itertools.islice(reader, HEADER_SCAN_ROWS + 50):
            rows.append(row)
    except csv.Error:
        pass
    return rows


def _first_match(rows: Sequence[Sequence[str]],
                 probe: Callable[[Sequence[str]], bool]) -> int | None:
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        if any(str(c).strip() for c in row) and probe([str(c).strip() for c in row]):
            return i
    return None


def _sniff_layout(sample: str, probe: Callable[[Sequence[str]], bool]
                  ) -> tuple[str, list[list[str]], int] | None:
    """Pick the delimiter whose parse gives a header and the most consistent rows."""
    best: tuple[tuple, str, list[list[str]], int] | None = None
    for delim in _DELIMITERS:
        rows = _parse_sample(sample, delim)
        idx = _first_match(rows, probe)
        if idx is None:
            continue
        width = len(rows[idx])
        body = [r for r in rows[idx + 1:] if any(c.strip() for c in r)]
        fitting = sum(1 for r in body if len(r) in (width, width + 1))
        consistent = fitting / len(body) if body else 1.0
        score = (width > 1, consistent, width, -_DELIMITERS.index(delim))
        if best is None or score > best[0]:
            best = (score, delim, rows, idx)
    if best is None:
        return None
    return best[1], best[2], best[3]


def _iter_text(fh: IO[bytes], name: str, chunk_rows: int, probe, first_only: bool,
               select: SelectArg) -> Iterator[TableChunk]:
    encoding = _detect_encoding(fh, name)
    sample = _read_sample(fh, encoding)
    if not sample.strip():
        raise InputError("Berkas kosong.", "The file is empty.", file=name)
    if re.match(r"\s*<(!doctype|html|table|\?xml)", sample[:512], re.IGNORECASE):
        raise InputError("Berkas ini halaman HTML/XML yang diberi nama tabel; buka di Excel lalu "
                         "simpan ulang sebagai XLSX atau CSV.",
                         "This file is an HTML/XML page named like a table; open it in Excel and "
                         "save it again as XLSX or CSV.", file=name)
    sniffed = _sniff_layout(sample, probe)
    if sniffed is None:
        raise _header_not_found(name)
    delim, rows, hidx = sniffed
    header = _unique_names(_text_header(rows, hidx))
    keep = _selected(header, select)
    stream = _text_stream(fh, encoding)
    try:
        # every column is parsed (so a row with too many cells is caught, not shifted), then
        # only the selected ones are kept, chunk by chunk
        reader = pd.read_csv(
            stream, sep=delim, header=None, names=header, skiprows=hidx + 1,
            dtype=str, keep_default_na=False, na_filter=False, skip_blank_lines=False,
            quotechar='"', doublequote=True, index_col=False, engine="c", chunksize=chunk_rows,
            on_bad_lines="warn")
        skipped: list[int] = []
        yielded = False
        for chunk, bad in _guard_parser(reader, name):
            skipped.extend(r for r, _ in bad)
            frame = chunk[keep].copy()
            del chunk
            rows_no = _record_numbers(frame.index.to_numpy() + hidx + 2, skipped)
            yielded = True
            yield TableChunk(file=name, header=header, frame=_finish_frame(frame, rows_no),
                             header_row=hidx + 1, bad_rows=bad)
        if not yielded:
            yield TableChunk(file=name, header=header, frame=_empty_frame(keep),
                             header_row=hidx + 1)
    finally:
        stream.detach()


def _text_header(rows: list[list[str]], hidx: int) -> list[str]:
    """The header cells, widened when most data rows carry extra trailing cells."""
    cells = list(rows[hidx])
    widths = [len(r) for r in rows[hidx + 1:] if any(c.strip() for c in r)]
    if widths:
        mode = max(set(widths), key=widths.count)
        if mode > len(cells) and widths.count(mode) * 2 > len(widths):
            cells += [""] * (mode - len(cells))
    return cells


def _record_numbers(base: np.ndarray, skipped: list[int]) -> np.ndarray:
    """Spreadsheet numbers of parsed rows, given the record numbers the parser skipped."""
    if not skipped:
        return base
    s = np.sort(np.asarray(skipped, dtype=np.int64))
    shifted = s - np.arange(len(s))
    return base + np.searchsorted(shifted, base, side="right")


_BAD_LINE = re.compile(r"Skipping line (\d+): expected (\d+) fields, saw (\d+)")


def _guard_parser(reader, name: str) -> Iterator[tuple[pd.DataFrame, list[tuple[int, int]]]]:
    """Iterate pandas chunks with the rows skipped for having too many cells.

    Parser errors become messages without cell values.
    """
    it = iter(reader)
    while True:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            try:
                chunk = next(it)
            except (StopIteration, pd.errors.EmptyDataError):
                return
            except (pd.errors.ParserError, ValueError, csv.Error) as exc:
                m = re.search(r"(?:row|line) (\d+)", str(exc))
                raise InputError("Berkas teks tidak dapat diurai (tanda kutip tidak tertutup?).",
                                 "The text file cannot be parsed (unclosed quote?).",
                                 file=name, row=int(m.group(1)) if m else None) from None
        bad = []
        for w in caught:
            for m in _BAD_LINE.finditer(str(w.message)):
                bad.append((int(m.group(1)), int(m.group(3))))
        yield chunk, bad


def _empty_frame(columns: Sequence[str]) -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series([], dtype=str) for c in columns})
    frame["_row"] = pd.Series([], dtype="int64")
    return frame


# --- spreadsheets --------------------------------------------------------------------------

def _cell_text(value: Any) -> str:
    """A spreadsheet cell as text, without float damage where possible."""
    cls = value.__class__
    if cls is str:
        return value
    if value is None:
        return ""
    if cls is bool:
        return "TRUE" if value else "FALSE"
    if cls is int:
        return str(value)
    if cls is float:
        if value.is_integer():
            return str(int(value))
        return repr(value) if value == value else ""
    if isinstance(value, _dt.datetime):
        if value.time() == _dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, _dt.timedelta):
        return str(value)
    return str(value)


def _rows_to_chunks(rows: Iterable[tuple[int, Sequence[Any]]], *, name: str, sheet: str,
                    header: list[str], keep: list[str], header_row: int, chunk_rows: int,
                    sheets: int) -> Iterator[TableChunk]:
    """Group ``(row number, cells)`` into chunks of the kept columns."""
    positions = [header.index(k) for k in keep]
    buf: list[list[str]] = []
    numbers: list[int] = []
    yielded = False

    def flush() -> TableChunk:
        frame = (pd.DataFrame(buf, columns=keep, dtype=str) if buf
                 else _empty_frame(keep).drop(columns="_row"))
        return TableChunk(file=name, header=header, frame=_finish_frame(frame, np.array(numbers)),
                          sheet=sheet, header_row=header_row, sheets=sheets)

    for number, cells in rows:
        n = len(cells)
        buf.append([_cell_text(cells[p]) if p < n else "" for p in positions])
        numbers.append(number)
        if len(buf) >= chunk_rows:
            yield flush()
            yielded = True
            buf, numbers = [], []
    if buf or not yielded:
        yield flush()


def _scan_header(rows: Iterable[Sequence[Any]], probe) -> tuple[int, list[str]] | None:
    for i, cells in enumerate(itertools.islice(rows, HEADER_SCAN_ROWS)):
        texts = [_cell_text(c).strip() for c in cells]
        if any(texts) and probe(texts):
            while texts and not texts[-1]:
                texts.pop()
            return i, texts
    return None


def _iter_xlsx(fh: IO[bytes], name: str, chunk_rows: int, probe, first_only: bool,
               select: SelectArg) -> Iterator[TableChunk]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for damaged files
        raise InputError("Berkas XLSX rusak atau tidak dapat dibaca.",
                         "The XLSX file is damaged or cannot be read.", file=name) from None
    try:
        found = []
        try:
            worksheets = wb.worksheets[:1] if first_only else wb.worksheets
            for ws in worksheets:
                ws.reset_dimensions()
                hit = _scan_header(ws.iter_rows(values_only=True), probe)
                if hit is not None:
                    found.append((ws, hit))
        except Exception:  # noqa: BLE001
            raise InputError("Berkas XLSX rusak atau tidak dapat dibaca.",
                             "The XLSX file is damaged or cannot be read.", file=name) from None
        if not found:
            raise _header_not_found(name)
        for ws, (hidx, cells) in found:
            header = _unique_names(cells)
            keep = _selected(header, select)
            body = ((i, row) for i, row in enumerate(ws.iter_rows(values_only=True), start=1)
                    if i > hidx + 1)
            try:
                yield from _rows_to_chunks(body, name=name, sheet=ws.title, header=header,
                                           keep=keep, header_row=hidx + 1,
                                           chunk_rows=chunk_rows, sheets=len(found))
            except InputError:
                raise
            except Exception:  # noqa: BLE001 - XML / zip errors could quote cell content
                raise InputError("Berkas XLSX rusak atau tidak dapat dibaca.",
                                 "The XLSX file is damaged or cannot be read.", file=name,
                                 ) from None
    finally:
        wb.close()


def _iter_xls(fh: IO[bytes], name: str, chunk_rows: int, probe, first_only: bool,
              select: SelectArg) -> Iterator[TableChunk]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=fh.read(), on_demand=True)
    except Exception:  # noqa: BLE001 - xlrd raises many kinds for damaged files
        raise InputError("Berkas XLS rusak atau tidak dapat dibaca.",
                         "The XLS file is damaged or cannot be read.", file=name) from None
    try:
        found = []
        indices = range(min(1, book.nsheets)) if first_only else range(book.nsheets)
        try:
            for i in indices:
                sh = book.sheet_by_index(i)
                rows = (_xls_row(sh, r, book.datemode) for r in range(sh.nrows))
                hit = _scan_header(rows, probe)
                if hit is not None:
                    found.append((sh, hit))
        except Exception:  # noqa: BLE001
            raise InputError("Berkas XLS rusak atau tidak dapat dibaca.",
                             "The XLS file is damaged or cannot be read.", file=name) from None
        if not found:
            raise _header_not_found(name)
        for sh, (hidx, cells) in found:
            header = _unique_names(cells)
            keep = _selected(header, select)
            body = ((r + 1, _xls_row(sh, r, book.datemode)) for r in range(hidx + 1, sh.nrows))
            try:
                yield from _rows_to_chunks(body, name=name, sheet=sh.name, header=header,
                                           keep=keep, header_row=hidx + 1,
                                           chunk_rows=chunk_rows, sheets=len(found))
            except InputError:
                raise
            except Exception:  # noqa: BLE001
                raise InputError("Berkas XLS rusak atau tidak dapat dibaca.",
                                 "The XLS file is damaged or cannot be read.", file=name,
                                 ) from None
    finally:
        book.release_resources()


def _xls_row(sheet, r: int, datemode: int) -> list[Any]:
    import xlrd

    out: list[Any] = []
    for ctype, value in zip(sheet.row_types(r), sheet.row_values(r)):
        if ctype == xlrd.XL_CELL_DATE:
            try:
                value = xlrd.xldate.xldate_as_datetime(value, datemode)
            except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                pass
        elif ctype == xlrd.XL_CELL_BOOLEAN:
            value = bool(value)
        elif ctype == xlrd.XL_CELL_ERROR:
            value = xlrd.error_text_from_code.get(value, "")
        elif ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            value = None
        out.append(value)
    return out
