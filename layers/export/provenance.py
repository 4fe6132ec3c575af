"""What every export says about where its numbers come from: the dataset version (period and a
short content hash), the area, the data source and the weights a ranking used."""

from __future__ import annotations

import hashlib
from pathlib import Path

#: the files hashed, in this order (the dashboard's ``LoadedDataset.version`` hashes the same)
VERSION_FILES = ("meta.json", "provinsi.parquet", "kabupaten.parquet", "kecamatan.parquet",
                 "desa.parquet")

INTERNAL_LABEL = "INTERNAL - not for distribution / INTERNAL - tidak untuk disebarluaskan"


def dataset_version(data_dir: str | Path) -> str:
    """Short content hash (12 hex digits) of a dataset directory: the same value the dashboard
    shows and uses as its cache key."""
    digest = hashlib.sha1()
    for name in VERSION_FILES:
        path = Path(data_dir) / name
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def dataset_frames(data_dir: str | Path) -> dict:
    """The frames :func:`~layers.export.suppression.suppression_pattern` reads, from a dataset
    directory: every level file present (without geometry) and ``subdesa.parquet``."""
    import pandas as pd
    import pyarrow.parquet as papq

    frames = {}
    for level in ("provinsi", "kabupaten", "kecamatan", "desa", "subdesa"):
        path = Path(data_dir) / f"{level}.parquet"
        if path.exists():
            names = [n for n in papq.read_schema(path).names if n != "geometry"]
            frames[level] = pd.read_parquet(path, columns=names)
    return frames


def source_line(meta: dict) -> str:
    """Registers (with their number of files) and the boundary file, on one line."""
    parts = []
    for r in meta.get("registers", []):
        n = len(r.get("files", []))
        parts.append(f"{r.get('label_id') or r.get('register')} ({n} berkas/files)")
    bw = (meta.get("batas_wilayah") or {}).get("file")
    line = "; ".join(parts) or "-"
    return f"{line}; batas wilayah / boundaries: {bw}" if bw else line


def version_line(meta: dict, version: str | None) -> str:
    """``"Versi data / Dataset version: 2026-10 · 3f2a..."``."""
    period = meta.get("periode") or "tanpa periode / no period"
    return f"Versi data / Dataset version: {period} · {version or '-'}"


def header_line(fields: dict[str, str]) -> str:
    """The first line of an exported CSV: ``# key=value | key=value`` (read the table with
    ``skiprows=1``; split this line on `` | `` and ``=`` to read the fields)."""
    clean = {k: str(v).replace("|", "/").replace("\n", " ") for k, v in fields.items()}
    return "# " + " | ".join(f"{k}={v}" for k, v in clean.items())
