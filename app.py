"""Prioritas Desa: ``python app.py [--store DIR | --data DIR] [--host H] [--port P] [--tiles ...]``.

By default the app serves the dataset store ``var/`` of the repository (created on first start
and seeded with the committed demo); datasets imported in the browser (``/impor``) are
published into it as versions. ``--store DIR`` uses another store folder; ``--data DIR`` serves
one dataset made by ``python -m layers build`` read-only (the import page is then disabled).
``server`` is the Flask app for gunicorn (``gunicorn -w 1 --threads 8 app:server``; store from
PRIORITAS_STORE, or a dataset from PRIORITAS_DATA); it is built on first access, so importing
this module reads no data.
"""

from __future__ import annotations

import argparse
import sys

from dashboard import create_app
from dashboard.settings import for_app
from layers.errors import InputError


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Prioritas Desa dashboard")
    source = p.add_mutually_exclusive_group()
    source.add_argument("--store", help="dataset store folder (default: var/ in the repository)")
    source.add_argument("--data", help="serve one dataset folder read-only (no import)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8050)
    p.add_argument("--tiles", help="none (default, offline) | osm | URL template | tile folder")
    args = p.parse_args(argv)
    try:
        app = create_app(for_app(data_dir=args.data, store_dir=args.store, tiles=args.tiles))
    except InputError as err:
        print(f"GAGAL / FAILED\n{err}", file=sys.stderr)
        return 2
    app.run(host=args.host, port=args.port, debug=False, dev_tools_disable_version_check=True,
            threaded=True)
    return 0


def __getattr__(name: str):
    if name == "server":
        globals()["server"] = create_app(for_app()).server
        return globals()["server"]
    raise AttributeError(name)


if __name__ == "__main__":
    sys.exit(main())
