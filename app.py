"""Prioritas Desa: ``python app.py [--data DIR] [--host H] [--port P] [--tiles none|osm|URL|DIR]``.

Opens the demo dataset by default; ``--data`` opens a dataset made by ``python -m layers build``.
``server`` is the Flask app for gunicorn (``gunicorn app:server``, dataset from PRIORITAS_DATA);
it is built on first access, so importing this module reads no data.
"""

from __future__ import annotations

import argparse
import sys

from dashboard import create_app, from_env
from layers.errors import InputError


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Prioritas Desa dashboard")
    p.add_argument("--data", help="dataset folder (default: data/demo)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8050)
    p.add_argument("--tiles", help="none (default, offline) | osm | URL template | tile folder")
    args = p.parse_args(argv)
    try:
        app = create_app(from_env(data_dir=args.data, tiles=args.tiles))
    except InputError as err:
        print(f"GAGAL / FAILED\n{err}", file=sys.stderr)
        return 2
    app.run(host=args.host, port=args.port, debug=False, dev_tools_disable_version_check=True)
    return 0


def __getattr__(name: str):
    if name == "server":
        globals()["server"] = create_app(from_env()).server
        return globals()["server"]
    raise AttributeError(name)


if __name__ == "__main__":
    sys.exit(main())
