"""Report figures against the targets of the meeting-room issue (a script, not a test).

    python benchmarks/bench_reports.py                  # demo (data/demo)
    python benchmarks/bench_reports.py --data DIR --kab KODE --kec KODE

Targets: one kecamatan report <= 3 s; the atlas of a 16-kecamatan kabupaten <= 30 s (Blora,
built with ``python -m layers demo --boundaries <desa_blora.geojson>``); the map PNG <= 2 s.
Each figure is the median of ``--repeat`` runs after one warm-up (imports and font caches paid).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _median(fn, repeat: int) -> float:
    fn()
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--data", default=str(REPO / "data" / "demo"))
    p.add_argument("--kab", default="9901")
    p.add_argument("--kec", default="990101")
    p.add_argument("--repeat", type=int, default=3)
    a = p.parse_args(argv)
    from layers.reports.build import report_pdf
    from layers.reports.content import load_report_data
    from layers.reports.image import map_image

    t = time.perf_counter()
    data = load_report_data(a.data)
    print(f"load dataset: {time.perf_counter() - t:.2f} s")
    kec = _median(lambda: report_pdf(data, a.kec), a.repeat)
    print(f"kecamatan report {a.kec}: {kec:.2f} s (target <= 3 s)")
    png = _median(lambda: map_image(data, a.kec), a.repeat)
    print(f"map PNG {a.kec}: {png:.2f} s (target <= 2 s)")
    atlas = _median(lambda: report_pdf(data, a.kab), 1)
    n = int((data.kecamatan["kode_kab"] == a.kab).sum())
    print(f"atlas {a.kab} ({n} kecamatan): {atlas:.2f} s (target <= 30 s for 16)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
