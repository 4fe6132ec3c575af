"""Read tables (CSV / TSV / semicolon text, XLSX, XLS) as chunks of strings, sniffed by content.

The kind of a file is decided from its first bytes, never from its extension (:mod:`.sniff`);
files, folders and zips are expanded into the table files they hold by one rule (:mod:`.archive`);
text (:mod:`.text`) and workbooks (:mod:`.excel`) are read in chunks (:func:`iter_table`,
:class:`TableChunk`) so a big file never has to fit in memory whole. Every cell comes out as a
string stripped of surrounding whitespace; :mod:`.values` parses numbers and yes/no flags.

Modules
-------
sniff     file kind, text encoding, CSV delimiter
archive   ``InputFile``, ``expand_inputs``, the rule for folder / zip members, file digests
header    header row: probe, names, selection, ``normalize_header``
chunk     ``TableChunk`` and its frame of string cells
text      CSV / TSV reading
excel     XLSX (title rows above the header) and XLS reading
table     ``iter_table``: one entry point for every kind
values    ``parse_number``, ``parse_flags``
shape     ``nik_shaped``: NIK / No. KK values recognised by shape, blanked in every chunk
guard     ``guard_archive``: the one zip-bomb guard (zips, XLSX, nested zips)
"""

from layers.io.archive import (InputFile, expand_inputs, file_digest, sha256_file, skipped_member,
                               table_members)
from layers.io.chunk import TableChunk
from layers.io.guard import ZipBudget, guard_archive
from layers.io.header import HEADER_SCAN_ROWS, HeaderNotFoundError, find_columns, normalize_header
from layers.io.shape import nik_shaped
from layers.io.sniff import head_kind, sniff_kind
from layers.io.table import iter_table
from layers.io.values import parse_flags, parse_number

__all__ = [
    "HEADER_SCAN_ROWS", "HeaderNotFoundError", "InputFile", "TableChunk", "ZipBudget",
    "expand_inputs", "file_digest", "find_columns", "guard_archive", "head_kind", "iter_table",
    "nik_shaped", "normalize_header", "parse_flags", "parse_number", "sha256_file",
    "skipped_member", "sniff_kind", "table_members",
]
