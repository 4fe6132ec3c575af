"""Flask-level pieces: the geometry route, optional local tiles, gzip for text responses.

Geometry is served from the dataset's memory (no file I/O per request) under a content-versioned
URL with a long cache lifetime, so a browser fetches each view's shapes once.
"""

from __future__ import annotations

import gzip
import threading
from pathlib import Path

from flask import Flask, Response, abort, request, send_from_directory

from dashboard.dataset import LoadedDataset

#: response types worth compressing (geobuf is varint-packed but still shrinks ~40 %)
COMPRESSIBLE = ("text/", "application/javascript", "application/json",
                "application/x-protobuf", "image/svg+xml")
MIN_SIZE = 1024
#: responses compressed once and kept (the bundles of the map, import and presentation pages;
#: geometry)
STATIC_PREFIXES = ("/_dash-component-suites/", "/assets/", "/_pd/geo/",
                   "/impor/_dash-component-suites/", "/impor/assets/",
                   "/presentasi/_dash-component-suites/", "/presentasi/assets/")


def add_routes(server: Flask, dataset: LoadedDataset, *, tile_dir: Path | None) -> None:
    """Register ``/_pd/geo/<unit>/<kode>.pbf`` (and ``/_pd/tiles/...`` for local tiles) over
    ``dataset`` (the :class:`~dashboard.served.ServedDataset` of the app)."""

    @server.route("/_pd/geo/<unit>/<kode>.pbf")
    def geometry(unit: str, kode: str):
        data = dataset.geobuf(unit, "" if kode == "0" else kode)
        if data is None:
            abort(404)
        resp = Response(data, mimetype="application/x-protobuf")
        if request.args.get("v") == dataset.version:
            resp.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        else:
            resp.headers["Cache-Control"] = "no-cache"
        resp.set_etag(f"{dataset.version}-{unit}-{kode}")
        return resp.make_conditional(request)

    if tile_dir is not None:
        root = Path(tile_dir).resolve()

        @server.route("/_pd/tiles/<int:z>/<int:x>/<int:y>.png")
        def tile(z: int, x: int, y: int):
            return send_from_directory(root, f"{z}/{x}/{y}.png", max_age=86400)


def add_gzip(server: Flask) -> None:
    """Compress text responses for clients that accept gzip (no extra dependency).

    Static bundles and geometry (:data:`STATIC_PREFIXES`) are compressed once and kept, per
    path and ETag.
    """
    cache: dict[str, bytes] = {}
    lock = threading.Lock()

    @server.after_request
    def _compress(resp: Response) -> Response:
        static = request.path.startswith(STATIC_PREFIXES)
        if ("gzip" not in request.headers.get("Accept-Encoding", "").lower()
                or resp.status_code != 200 or (resp.direct_passthrough and not static)
                or "Content-Encoding" in resp.headers
                or not (resp.mimetype or "").startswith(COMPRESSIBLE)):
            return resp
        resp.direct_passthrough = False
        data = resp.get_data()
        if len(data) < MIN_SIZE:
            return resp
        # the query (?v=, ?m=) never changes what a static path holds; the ETag tells the
        # geometry of one dataset version from the next (an import may swap the dataset)
        key = f"{request.path}|{resp.get_etag()[0] or ''}"
        packed = cache.get(key) if static else None
        if packed is None:
            packed = gzip.compress(data, compresslevel=6 if not static else 9, mtime=0)
            if static:
                with lock:
                    cache[key] = packed
        resp.set_data(packed)
        resp.headers["Content-Encoding"] = "gzip"
        resp.headers["Content-Length"] = str(len(packed))
        resp.vary.add("Accept-Encoding")
        return resp
