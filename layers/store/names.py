"""Name decisions of a browser import, saved into the store's mapping file.

The review list of the check report offers, for each area name the matcher could not settle,
the candidates of the boundary file; a decision is a code of that level, or "not in this area".
The mapping file is the one ``python -m layers build --mapping`` reads.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from layers.codes import compact, level_of, normalize_kode, parse_name
from layers.errors import InputError
from layers.store.report import read_columns
from layers.store.versions import DatasetStore

log = logging.getLogger(__name__)


def save_decisions(store: DatasetStore, dataset: Path,
                   choices: Iterable[Sequence[Any] | dict[str, Any]]) -> int:
    """Check ``choices`` against the desa of ``dataset`` and merge them into the store's
    mapping file (see :meth:`layers.store.ImportSession.resolve`); the number written."""
    from layers.matching import MAPPING_COLUMNS, NOT_IN_AREA

    known = known_codes(dataset)
    rows = [_choice(c, known, NOT_IN_AREA) for c in choices]
    if not rows:
        return 0
    with store.lock():
        merged = _merge(store.mapping_path, rows, MAPPING_COLUMNS)
    log.info("mapping: %d decisions saved (%d not in area); file has %d entries",
             len(rows), sum(r[3] == NOT_IN_AREA for r in rows), len(merged))
    return len(rows)


def known_codes(dataset: Path) -> dict[str, set[str]]:
    """Codes of each level (``desa``, ``kec``, ``kab``, ``prov``) in a staged build."""
    path = dataset / "desa.parquet"
    if not path.is_file():
        raise InputError("Belum ada hasil bangun untuk ditinjau.",
                         "There is no build to review yet.")
    frame = read_columns(path, ["kode_desa", "kode_kec", "kode_kab", "kode_prov"])
    return {"desa": set(frame["kode_desa"]), "kec": set(frame["kode_kec"]),
            "kab": set(frame["kode_kab"]), "prov": set(frame["kode_prov"])}


def _merge(path: Path, rows: list[tuple[str, str, str, str]],
           columns: list[str]) -> pd.DataFrame:
    """Write the mapping file with ``rows`` replacing earlier decisions on the same names."""
    from layers.matching import read_mapping, write_mapping

    if path.is_file():
        existing = read_mapping(path)[columns]
    else:
        existing = pd.DataFrame(columns=columns)
    new_keys = {_mapping_key(*r[:3]) for r in rows}
    keep = [not (_mapping_key(t, i, n) in new_keys)
            for t, i, n in existing[["tingkat", "induk_kode", "input_nama"]].itertuples(
                index=False)]
    kept = existing[pd.Series(keep, index=existing.index, dtype=bool)]
    merged = pd.concat([kept, pd.DataFrame(rows, columns=columns)], ignore_index=True)
    write_mapping(merged, path)
    return merged


def _choice(choice, known: dict[str, set[str]], not_in_area: str) -> tuple[str, str, str, str]:
    if isinstance(choice, dict):
        tingkat, induk, nama, kode = (choice.get(k) for k in (
            "tingkat", "induk_kode", "input_nama", "kode"))
    else:
        tingkat, induk, nama, kode = choice
    try:
        lvl = level_of(str(tingkat))
    except ValueError:
        raise InputError(f"tingkat '{tingkat}' tidak dikenal (prov, kab, kec, desa).",
                         f"unknown tingkat '{tingkat}' (prov, kab, kec, desa).",
                         column="tingkat") from None
    nama = str(nama or "").strip()
    if not nama:
        raise InputError("Nama masukan kosong.", "The input name is empty.",
                         column="input_nama")
    induk = re.sub(r"\D", "", str(induk or ""))
    text = "" if kode is None else str(kode).strip()
    if text in ("", "-", "--"):
        return lvl, induk, nama, not_in_area
    code = normalize_kode(text, lvl)
    if code is None or code not in known[lvl]:
        raise InputError(f"Kode '{text}' bukan {lvl} di berkas batas.",
                         f"Code '{text}' is not a {lvl} of the boundary file.", column="kode")
    return lvl, induk, nama, code


def _mapping_key(tingkat: str, induk: str, nama: str) -> tuple[str, str, str | None, str]:
    lvl = level_of(str(tingkat))
    parsed = parse_name(str(nama), lvl)
    return lvl, re.sub(r"\D", "", str(induk or "")), parsed.kind, compact(parsed.core)
