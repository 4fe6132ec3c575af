"""The check report of a staged build: what the import page shows before publishing.

Counts, codes, area names, file names and the rejected rows' reasons only: nothing personal.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pandas as pd

from layers.codes import LEVELS
from layers.errors import InputError
from layers.io.cells import read_safe_csv
from layers.store.files import jsonable, read_json

__all__ = ["CheckReport", "MAX_REJECTED_ROWS", "check_report", "counts_line",
           "parse_candidates", "read_columns"]

#: rejected rows put into the check report (the download has all of them)
MAX_REJECTED_ROWS = 1000

CheckReport = dict[str, Any]
"""The check summary of a staged build (plain dict, JSON-serialisable, nothing personal).

Keys: ``token``; ``periode``; ``wilayah``; ``batas_wilayah`` (``file``, ``layout``, ``desa``,
``qa`` counts); ``files`` (per upload ``nama``, ``peran``, ``jenis``, ``bytes``, ``layout``,
``register``); ``registers`` (per register ``register``, ``layout``, ``label_id``,
``label_en``, ``files`` (name, rows), ``rows_read``, ``duplicates``, ``rejected``, ``kept``,
``persons``, ``match_rate``, ``households_unresolved``, ``households_outside_area``,
``names_to_review``, ``kecamatan_tanpa_data`` as ``[{kode, nama}]``, ``programmes``);
``indikator_tidak_tersedia`` (``kolom``, ``register``, ``label_id``, ``label_en``,
``alasan_id``, ``alasan_en``); ``rejected`` (``jumlah``, ``terpotong``, ``kolom``, ``baris``:
records ``register, file, row, kolom, alasan, prov, kab, kec, desa, kode``); ``review``
(one entry per decision: ``kunci``, ``tingkat``, ``induk_kode``, ``induk_nama``,
``input_nama``, ``input_kode``, ``metode``, ``skor``, ``jumlah_baris``, ``per_register``,
``kandidat`` as ``[{kode, nama, skor}]``, ``catatan``, ``dapat_dipetakan``); ``mapping``
(entries in the store's mapping file).
"""

_CANDIDATE = re.compile(r"^(?P<nama>.+?) \((?P<kode>\d+)\) (?P<skor>\d+(?:\.\d+)?)$")
_REGISTER_KEYS = ("register", "layout", "label_id", "label_en", "rows_read", "duplicates",
                  "rejected", "kept", "persons", "match_rate", "households_unresolved",
                  "households_outside_area", "names_to_review", "programmes")


def check_report(dataset: str | os.PathLike, *, files: list[dict[str, Any]] | None = None,
                 token: str | None = None, mapping: str | os.PathLike | None = None,
                 max_rejected_rows: int = MAX_REJECTED_ROWS) -> CheckReport:
    """The check summary of a dataset directory (see :data:`CheckReport`)."""
    from layers.matching import REVIEW_METHODS

    dataset = Path(dataset)
    meta = read_json(dataset / "meta.json") or {}
    names = _area_names(dataset / "desa.parquet")
    report = read_safe_csv(dataset / "match_report.csv", dtype=str, keep_default_na=False)
    review = report[report["metode"].isin(REVIEW_METHODS)]
    return jsonable({
        "token": token,
        "periode": meta.get("periode"),
        "wilayah": meta.get("wilayah"),
        "batas_wilayah": {k: (meta.get("batas_wilayah") or {}).get(k)
                          for k in ("file", "layout", "desa", "area", "qa")},
        "files": files or [],
        "registers": [_register_entry(reg, names) for reg in meta.get("registers", [])],
        "indikator_tidak_tersedia": [
            {k: ind.get(k) for k in ("kolom", "register", "label_id", "label_en", "alasan_id",
                                     "alasan_en")}
            for ind in meta.get("indikator", []) if not ind.get("tersedia", True)],
        "rejected": _rejected_rows(dataset / "rejected.csv", max_rejected_rows),
        "review": _review_entries(review, names),
        "mapping": _mapping_size(mapping),
    })


def parse_candidates(text: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Split a ``kandidat`` cell (``"NAME (kode) score; ..."``) into candidates and notes.

    Returns
    -------
    (list of dict, list of str)
        Candidates ``{kode, nama, skor}`` in the order given (best first), and the pieces
        that are notes (``kode tidak valid / unusable code`` ...).
    """
    candidates, notes = [], []
    for piece in (p.strip() for p in str(text or "").split("; ")):
        if not piece:
            continue
        m = _CANDIDATE.match(piece)
        if m:
            candidates.append({"kode": m["kode"], "nama": m["nama"], "skor": float(m["skor"])})
        else:
            notes.append(piece)
    return candidates, notes


def counts_line(report: CheckReport) -> str:
    """One log line of a report's counts (no names, no values)."""
    return "; ".join(
        f"{r['register']} rows={r['rows_read']} kept={r['kept']} rejected={r['rejected']} "
        f"match={r['match_rate']} review={r['names_to_review']}" for r in report["registers"])


def read_columns(path: Path, columns: list[str]) -> pd.DataFrame:
    """Some columns of a Parquet file (geometry left out)."""
    import pyarrow.parquet as pq
    return pq.read_table(path, columns=columns).to_pandas()


def _register_entry(reg: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """A register of ``meta.json`` as the report shows it: kecamatan without rows named."""
    entry = {k: reg.get(k) for k in _REGISTER_KEYS}
    entry["files"] = [{"name": f.get("name"), "rows": f.get("rows")}
                      for f in reg.get("files", [])]
    entry["kecamatan_tanpa_data"] = [{"kode": k, "nama": names.get(k, "")}
                                     for k in reg.get("kecamatan_tanpa_data", [])]
    return entry


def _review_entries(review: pd.DataFrame, names: dict[str, str]) -> list[dict[str, Any]]:
    """One entry per decision (same level, parent, name and code), registers merged."""
    entries: dict[tuple, dict[str, Any]] = {}
    for rec in review.to_dict("records"):
        key = (rec["tingkat"], rec["induk_kode"], rec["input_nama"], rec["input_kode"])
        n = int(rec["jumlah_baris"] or 0)
        entry = entries.get(key)
        if entry is None:
            entry = entries[key] = _review_entry(rec, key, names)
        entry["jumlah_baris"] += n
        reg = rec.get("register", "")
        entry["per_register"][reg] = entry["per_register"].get(reg, 0) + n
    order = {lvl: i for i, lvl in enumerate(LEVELS)}
    return sorted(entries.values(), key=lambda e: (order.get(e["tingkat"], 9), e["induk_kode"],
                                                   e["input_nama"], e["input_kode"]))


def _review_entry(rec: dict[str, Any], key: tuple, names: dict[str, str]) -> dict[str, Any]:
    """A new review entry from the first ``match_report.csv`` row of a decision (no rows
    counted yet)."""
    candidates, notes = parse_candidates(rec["kandidat"])
    skor = rec["skor"]
    return {
        "kunci": "|".join(key), "tingkat": rec["tingkat"],
        "induk_kode": rec["induk_kode"], "induk_nama": names.get(rec["induk_kode"], ""),
        "input_nama": rec["input_nama"], "input_kode": rec["input_kode"],
        "metode": rec["metode"], "skor": float(skor) if skor not in ("", "nan") else None,
        "jumlah_baris": 0, "per_register": {}, "kandidat": candidates,
        "catatan": notes, "dapat_dipetakan": bool(rec["input_nama"]),
    }


def _rejected_rows(path: Path, limit: int) -> dict[str, Any]:
    frame = read_safe_csv(path, dtype=str, keep_default_na=False)
    if "row" in frame:
        frame["row"] = pd.to_numeric(frame["row"], errors="coerce").astype("Int64")
    rows = [{k: (None if pd.isna(v) else (int(v) if k == "row" else v)) for k, v in r.items()}
            for r in frame.head(limit).to_dict("records")]
    return {"jumlah": int(len(frame)), "terpotong": bool(len(frame) > limit),
            "kolom": list(frame.columns), "baris": rows}


def _area_names(desa_path: Path) -> dict[str, str]:
    frame = read_columns(desa_path, ["kode_desa", "nama_desa", "kode_kec", "nama_kec",
                                     "kode_kab", "nama_kab", "kode_prov", "nama_prov"])
    names: dict[str, str] = {}
    for lvl in ("prov", "kab", "kec", "desa"):
        pairs = frame[[f"kode_{lvl}", f"nama_{lvl}"]].drop_duplicates()
        names.update(zip(pairs.iloc[:, 0].astype(str), pairs.iloc[:, 1].astype(str)))
    return names


def _mapping_size(mapping) -> int:
    if not mapping or not Path(mapping).is_file():
        return 0
    from layers.matching import read_mapping
    try:
        return int(len(read_mapping(mapping)))
    except InputError:
        return 0
