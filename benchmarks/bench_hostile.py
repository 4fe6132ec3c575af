"""Hostile files: how long and how much memory it takes to refuse them.

Targets (issue "Trust", item 4): an XLSX whose sheet inflates to 1.5 GB, a zip bomb, and a zip
bomb inside a zip are refused in under 5 s with peak memory under 500 MB, by the reader
(``read_register``) and by the upload check (``sniff_upload``). Each case runs in a fresh
Python process so its peak RSS is its own. Also measured: the cost of the NIK-shape scrub on a
200,000-row chunk of 12 columns.

Run: ``.venv/bin/python benchmarks/bench_hostile.py``. Figures go to stdout.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
_SPEC = importlib.util.spec_from_file_location("make_bad", REPO / "tests/data/bad/make_bad.py")
bad = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(bad)

BOMB = 1536 << 20

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from layers.errors import InputError
how, path = sys.argv[1], Path(sys.argv[2])
t1 = time.perf_counter()
try:
    if how == "reader":
        from layers.registers import read_register
        read_register(path)
    else:
        from layers.store.upload import Upload, sniff_upload
        sniff_upload(Upload(path.name, path.read_bytes()), role="households")
    outcome = "read"
except InputError as err:
    outcome = "refused: " + str(err).splitlines()[-1][:90]
print(json.dumps({"seconds": round(time.perf_counter() - t1, 3),
                  "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                  "outcome": outcome}))
"""


def _cases(tmp: Path) -> dict[str, Path]:
    files = {
        "xlsx_bomb_1.5GB.xlsx": bad.bomb_xlsx(BOMB),
        "zip_bomb_1.5GB.zip": bad.bomb_zip(BOMB),
        "zip_in_zip_bomb.zip": bad.nested_zip(1, bad.bomb_zip(BOMB), "dalam.zip"),
        "zip_depth3.zip": bad.nested_zip(3, bad.csv_bytes(bad.SIKS_HEADER, bad.siks_rows(4))),
    }
    out = {}
    for name, data in files.items():
        (tmp / name).write_bytes(data)
        out[name] = tmp / name
    return out


def _scrub_cost() -> float:
    import numpy as np
    import pandas as pd

    from layers.io.shape import scrub_frame

    rng = np.random.default_rng(1)
    frame = pd.DataFrame({f"c{i}": rng.choice(["KRAJAN", "001", "YA", "-", "Desa Sukomulyo"],
                                              200_000) for i in range(12)})
    frame["_row"] = np.arange(200_000)
    t = time.perf_counter()
    scrub_frame(frame, set())
    return time.perf_counter() - t


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in _cases(Path(tmp)).items():
            for how in ("reader", "upload"):
                res = subprocess.run([sys.executable, "-c", _CHILD, how, str(path)], cwd=REPO,
                                     capture_output=True, text=True, check=True)
                fig = json.loads(res.stdout.strip().splitlines()[-1])
                size = path.stat().st_size / 1024
                print(f"{name:24s} {how:6s} {size:7.0f} KB on disk  {fig['seconds']:6.2f} s  "
                      f"peak {fig['peak_mb']:4d} MB  {fig['outcome']}")
    print(f"NIK-shape scrub, 200,000 rows x 12 columns: {_scrub_cost():.2f} s")


if __name__ == "__main__":
    main()
