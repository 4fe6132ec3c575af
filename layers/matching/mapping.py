"""The mapping CSV: name decisions pinned by a human (``tingkat,induk_kode,input_nama,kode``)."""

from __future__ import annotations

import csv
import os
import tempfile
from io import StringIO
from pathlib import Path
from typing import Any

import pandas as pd

from layers.codes import level_of, normalize_kode
from layers.errors import InputError
from layers.matching.names import clean_text, name_key

MAPPING_COLUMNS = ["tingkat", "induk_kode", "input_nama", "kode"]
"""Columns of the mapping CSV."""

NOT_IN_AREA = "-"
"""``kode`` of a mapping entry meaning "not in this area" (an empty ``kode`` means the same)."""

_PARENT = {"prov": None, "kab": "prov", "kec": "kab", "desa": "kec"}


def read_mapping(path: str | Path) -> pd.DataFrame:
    """Read a mapping CSV (``tingkat,induk_kode,input_nama,kode``).

    ``tingkat`` is ``prov``, ``kab``, ``kec`` or ``desa`` (``provinsi``, ``kabupaten``,
    ``kecamatan``, ``kelurahan`` ... accepted); ``induk_kode`` the code of the parent the name
    was found in (empty for the top level or when the input had no parent name); ``input_nama``
    the name as written (compared by kind and compact key, so ``Sambong Rejo`` and
    ``SAMBONGREJO`` are one entry, ``Kota Semarang`` and ``Semarang`` are two); ``kode`` the
    code it means, or empty / ``-`` for "not in this area". Comma, semicolon or tab separated,
    UTF-8 (with or without BOM) or Windows-1252; codes may be dotted.

    Returns
    -------
    DataFrame
        ``tingkat, induk_kode, input_nama, kode`` (codes undotted, ``-`` for not in this
        area) plus ``_row`` (spreadsheet row number); ``attrs["file"]`` holds the file name.

    Raises
    ------
    InputError
        Unreadable file, missing column, unknown ``tingkat``, empty ``input_nama``, a code
        that cannot be a code of its level, or two rows giving one name different codes.
    """
    path = Path(path)
    raw = _read_mapping_csv(path)
    out = _check_mapping(raw, path.name)
    out.attrs["file"] = path.name
    return out


def write_mapping(df: pd.DataFrame, path: str | Path) -> Path:
    """Write mapping entries (``tingkat,induk_kode,input_nama,kode``) as UTF-8 CSV.

    Codes are written undotted as text; an empty ``kode`` is written as ``-`` (not in this
    area). Other columns of ``df`` are ignored. The file is replaced atomically.

    Raises
    ------
    InputError
        When ``df`` lacks one of the four columns.
    """
    path = Path(path)
    missing = [c for c in MAPPING_COLUMNS if c not in df.columns]
    if missing:
        raise InputError(f"Kolom pemetaan tidak ada: {', '.join(missing)}.",
                         f"Mapping columns missing: {', '.join(missing)}.",
                         file=path.name, column=missing[0])
    out = df[MAPPING_COLUMNS].astype(object).where(df[MAPPING_COLUMNS].notna(), "")
    out = out.map(lambda v: str(v).strip())
    out["tingkat"] = [_safe_level(t) or t for t in out["tingkat"]]
    out["induk_kode"] = [_undot(v) for v in out["induk_kode"]]
    out["kode"] = [_undot(v) or NOT_IN_AREA for v in out["kode"]]
    fd, tmp = tempfile.mkstemp(prefix=".mapping-", suffix=".csv", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            out.to_csv(fh, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def pin_mapping(mapping: pd.DataFrame | None, known: dict[str, Any]) -> dict[tuple, str]:
    """Mapping entries keyed by (level, parent code, kind, compact key) -> code or ``-``.

    Parameters
    ----------
    mapping
        From :func:`read_mapping`, or a frame with :data:`MAPPING_COLUMNS` (checked here).
    known
        Level -> its gazetteer index (anything with ``pos_of_kode``): every ``kode`` of the
        mapping must be in it.

    Raises
    ------
    InputError
        A missing column, a row :func:`read_mapping` would refuse, or a ``kode`` that is not
        in the gazetteer.
    """
    if mapping is None or len(mapping) == 0:
        return {}
    file = mapping.attrs.get("file")
    missing = [c for c in MAPPING_COLUMNS if c not in mapping.columns]
    if missing:
        raise InputError(f"Kolom '{missing[0]}' tidak ada di pemetaan.",
                         f"Column '{missing[0]}' is missing from the mapping.",
                         file=file, row=1, column=missing[0])
    if "_row" not in mapping.columns:
        mapping = _check_mapping(mapping, file or "mapping")
    pinned = {}
    for tingkat, induk, nama, raw_kode, row in zip(
            mapping["tingkat"], mapping["induk_kode"], mapping["input_nama"], mapping["kode"],
            mapping["_row"]):
        lvl = level_of(tingkat)
        kode = _known_code(raw_kode, lvl, known, file=file, row=int(row))
        pinned[(lvl, _undot(induk)) + name_key(clean_text(nama), lvl)] = kode
    return pinned


def _known_code(raw_kode: Any, lvl: str, known: dict[str, Any], *, file: str | None,
                row: int) -> str:
    """The undotted code of a mapping entry, or ``-``; refused when not in the gazetteer."""
    kode = clean_text(raw_kode)
    if not kode or kode == NOT_IN_AREA:
        return NOT_IN_AREA
    kode = normalize_kode(kode, lvl) or kode
    if kode not in known[lvl].pos_of_kode:
        raise InputError(
            f"kode '{raw_kode}' tidak ada di gazetir (batas wilayah), tingkat {lvl}.",
            f"kode '{raw_kode}' is not in the gazetteer (boundaries), level {lvl}.",
            file=file, row=row, column="kode")
    return kode


def _read_mapping_csv(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise InputError("Berkas pemetaan tidak ditemukan.", "Mapping file not found.",
                         file=path.name)
    text = _decode(path)
    first = text.split("\n", 1)[0]
    sep = max((",", ";", "\t"), key=first.count)
    try:
        frame = pd.read_csv(StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                            skip_blank_lines=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise InputError(f"Berkas pemetaan tidak dapat dibaca: {err}",
                         f"Mapping file cannot be read: {err}", file=path.name) from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    for col in MAPPING_COLUMNS:
        if col not in frame.columns:
            raise InputError(
                f"Kolom '{col}' tidak ada (harus: {','.join(MAPPING_COLUMNS)}).",
                f"Column '{col}' is missing (expected: {','.join(MAPPING_COLUMNS)}).",
                file=path.name, row=1, column=col)
    return frame


def _decode(path: Path) -> str:
    """The file's text: UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1252."""
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "utf-16", "cp1252"):
        try:
            text = data.decode(encoding)
            if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
                continue
            return text
        except UnicodeDecodeError:
            continue
    # cp1252 decodes nearly everything: not reached in practice
    raise InputError("Berkas pemetaan tidak dapat dibaca (encoding).",  # pragma: no cover
                     "Mapping file cannot be decoded.", file=path.name)


def _check_mapping(frame: pd.DataFrame, file: str) -> pd.DataFrame:
    rows = []
    seen: dict[tuple, tuple[str, int]] = {}
    for i, rec in enumerate(frame[MAPPING_COLUMNS].itertuples(index=False)):
        row = i + 2
        tingkat, induk, nama, kode = (clean_text(v) for v in rec)
        if not (tingkat or induk or nama or kode):
            continue
        lvl, induk_code, kode_code = _check_row(tingkat, induk, nama, kode, file=file, row=row)
        key = (lvl, induk_code) + name_key(nama, lvl)
        if key in seen and seen[key][0] != kode_code:
            raise InputError(
                f"'{nama}' sudah dipetakan ke kode lain di baris {seen[key][1]}.",
                f"'{nama}' is already mapped to another code in row {seen[key][1]}.",
                file=file, row=row, column="kode")
        seen.setdefault(key, (kode_code, row))
        rows.append((lvl, induk_code, nama, kode_code, row))
    return pd.DataFrame(rows, columns=MAPPING_COLUMNS + ["_row"]).astype(
        {"_row": "int64"})


def _check_row(tingkat: str, induk: str, nama: str, kode: str, *, file: str,
               row: int) -> tuple[str, str, str]:
    """``(level, parent code, code or -)`` of one mapping row; refuses what cannot be."""
    lvl = _safe_level(tingkat)
    if lvl is None:
        raise InputError(f"tingkat '{tingkat}' tidak dikenal (prov, kab, kec, desa).",
                         f"unknown tingkat '{tingkat}' (prov, kab, kec, desa).",
                         file=file, row=row, column="tingkat")
    if not nama:
        raise InputError("input_nama kosong.", "input_nama is empty.",
                         file=file, row=row, column="input_nama")
    induk_code = ""
    if induk:
        induk_code = next((c for c in (normalize_kode(induk, p) for p in _ancestors(lvl))
                           if c), None)
        if induk_code is None:
            where = _PARENT[lvl] or "-"
            raise InputError(
                f"induk_kode '{induk}' bukan kode wilayah induk ({where}).",
                f"induk_kode '{induk}' is not a code of a parent area ({where}).",
                file=file, row=row, column="induk_kode")
    if kode in ("", NOT_IN_AREA):
        return lvl, induk_code, NOT_IN_AREA
    kode_code = normalize_kode(kode, lvl)
    if kode_code is None:
        raise InputError(f"kode '{kode}' bukan kode {lvl} yang sah.",
                         f"kode '{kode}' is not a valid {lvl} code.",
                         file=file, row=row, column="kode")
    return lvl, induk_code, kode_code


def _ancestors(lvl: str) -> list[str]:
    """Levels above ``lvl``, nearest first."""
    out, cur = [], _PARENT[lvl]
    while cur:
        out.append(cur)
        cur = _PARENT[cur]
    return out


def _safe_level(value: Any) -> str | None:
    try:
        return level_of(str(value))
    except ValueError:
        return None


def _undot(value: Any) -> str:
    text = clean_text(value)
    if text in ("", NOT_IN_AREA):
        return ""
    for lvl in ("desa", "kec", "kab", "prov"):
        code = normalize_kode(text, lvl)
        if code:
            return code
    return text
