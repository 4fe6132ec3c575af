"""Time of the one suppression pattern (``layers.export.suppression.suppression_pattern``).

Scenarios: ``demo`` (250 desa, 1,045 dusun/RW rows, every count column of the demo meta) and
``provinsi`` (the demo repeated as 35 synthetic kabupaten under one provinsi: 8,750 desa,
about 36,600 dusun/RW rows, the size of Jawa Tengah). The pattern is computed once per dataset
version and cached, so this is a one-off cost per publish.

Run: ``.venv/bin/python benchmarks/bench_suppression.py [demo|provinsi|all]``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pandas as pd

from layers.export.provenance import dataset_frames

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "data" / "demo"


def demo_frames() -> tuple[dict[str, pd.DataFrame], dict]:
    meta = json.loads((DEMO / "meta.json").read_text(encoding="utf-8"))
    return dataset_frames(DEMO), meta


def scaled(frames: dict[str, pd.DataFrame], copies: int) -> dict[str, pd.DataFrame]:
    """The demo kabupaten ``9901`` repeated as ``9901 .. 99NN`` under provinsi ``99``."""
    code_cols = ("kode_desa", "kode_kec", "kode_kab")
    out = {}
    for level in ("kabupaten", "kecamatan", "desa", "subdesa"):
        parts = []
        for i in range(copies):
            f = frames[level].copy()
            for col in code_cols:
                if col in f.columns:
                    f[col] = f[col].astype(str).str.replace("9901", f"99{i + 1:02d}", n=1)
            parts.append(f)
        out[level] = pd.concat(parts, ignore_index=True)
    counts = out["kabupaten"].select_dtypes("number").sum()
    prov = frames["provinsi"].copy()
    for col in counts.index:
        if col in prov.columns:
            prov[col] = counts[col]
    out["provinsi"] = prov
    return out


def run(name: str, frames: dict, meta: dict) -> None:
    from layers.export.suppression import suppression_pattern

    t0 = time.perf_counter()
    p = suppression_pattern(frames, meta, threshold=5)
    dt = time.perf_counter() - t0
    print(f"{name}: {len(frames['desa'])} desa, {len(frames['subdesa'])} dusun/RW rows: "
          f"{dt:.2f} s; hidden primary {p.report.total('primary')}, "
          f"secondary {p.report.total('secondary')}")


def main(which: str = "all") -> None:
    frames, meta = demo_frames()
    if which in ("demo", "all"):
        run("demo", frames, meta)
    if which in ("provinsi", "all"):
        run("provinsi", scaled(frames, 35), meta)


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main(sys.argv[1] if len(sys.argv) > 1 else "all")
