"""Reading a dataset directory written by ``python -m layers build``: its desa table and its
``meta.json``."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from layers.errors import InputError


def load_dataset(data_dir: str | Path) -> tuple[pd.DataFrame, dict]:
    """``desa.parquet`` (without geometry) and ``meta.json`` of a dataset directory.

    Raises
    ------
    InputError
        A file is missing (not a dataset directory) or ``meta.json`` cannot be read.
    """
    data_dir = Path(data_dir)
    pq, mj = data_dir / "desa.parquet", data_dir / "meta.json"
    for p in (pq, mj):
        if not p.exists():
            raise InputError("Bukan folder dataset: berkas ini tidak ada (buat dengan "
                             "'python -m layers build').",
                             "Not a dataset directory: this file is missing (make one with "
                             "'python -m layers build').", file=str(p))
    import pyarrow.parquet as papq

    names = [n for n in papq.read_schema(pq).names if n != "geometry"]
    desa = pd.read_parquet(pq, columns=names)
    try:
        meta = json.loads(mj.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"meta.json tidak dapat dibaca ({err.__class__.__name__}).",
                         f"meta.json cannot be read ({err.__class__.__name__}).",
                         file=str(mj)) from None
    return desa, meta
