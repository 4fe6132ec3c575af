"""The plumbing of a build run by an import: private folders, locks, progress, failures.

The raw household uploads live only in a private folder (mode 0700) inside the staging folder,
removed on the way out whatever happens; the boundary upload replaces the kept one only when
the build succeeds; a failure is logged by class and file name only.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from layers.errors import InputError
from layers.store.errors import ImportFailed
from layers.store.files import write_private
from layers.store.lock import LOCK_NAME, FileLock

log = logging.getLogger(__name__)

_RAW_PREFIX = ".raw-"
#: file name endings GDAL needs to pick a driver, by sniffed boundary type (first one added
#: when the name has none of them)
_BOUNDARY_SUFFIXES = {"geojson": (".geojson", ".json"), "gpkg": (".gpkg",),
                      "geoparquet": (".parquet", ".geoparquet"), "shp_zip": (".zip",),
                      "zip": (".zip",)}

Progress = Callable[[int, int, str], None]


@contextlib.contextmanager
def private_dir(staging: Path) -> Iterator[Path]:
    """A private folder (0700) for raw uploads, deleted on the way out whatever happens."""
    raw = Path(tempfile.mkdtemp(prefix=_RAW_PREFIX, dir=staging))
    os.chmod(raw, 0o700)
    try:
        yield raw
    finally:
        shutil.rmtree(raw, ignore_errors=True)
        if raw.exists():                                  # pragma: no cover - e.g. Windows locks
            for p in sorted(raw.rglob("*"), reverse=True):
                with contextlib.suppress(OSError):
                    p.unlink() if p.is_file() else p.rmdir()
            with contextlib.suppress(OSError):
                raw.rmdir()


@contextlib.contextmanager
def building(staging: Path) -> Iterator[None]:
    """Hold the staging folder's lock for the length of a build (one build at a time)."""
    lock = FileLock(staging / LOCK_NAME)
    if not lock.acquire(blocking=False):
        raise InputError("Pembangunan dataset untuk impor ini sedang berjalan.",
                         "A build for this import is already running.")
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def staged_boundary(staging: Path, name: str, content: bytes, kind: str) -> Iterator[Path]:
    """The boundary upload (public geodata, no personal value), kept for reruns.

    Written into a fresh folder; it replaces ``boundary/`` only when the block succeeds,
    so a failed second build leaves the first one's inputs whole. The extension follows
    the sniffed type (GDAL picks drivers by extension).
    """
    suffixes = _BOUNDARY_SUFFIXES[kind]
    if not name.lower().endswith(suffixes):
        name = f"{name}{suffixes[0]}"
    tmp = Path(tempfile.mkdtemp(prefix=".boundary-", dir=staging))
    try:
        yield write_private(tmp / name, content)
        target = staging / "boundary"
        shutil.rmtree(target, ignore_errors=True)
        tmp.rename(target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def ticker(progress: Progress | None, total: int) -> Callable[[str], None]:
    """``tick(key)``: the next of ``total`` steps, reported to ``progress`` when given."""
    step = [0]

    def tick(key: str) -> None:
        step[0] += 1
        if progress is not None:
            progress(min(step[0], total), total, key)

    return tick


@contextlib.contextmanager
def logged_failure(token: str, debug: bool) -> Iterator[None]:
    """Log a failure by class and file name only; turn a bug into a message without data."""
    try:
        yield
    except InputError as err:
        log.warning("import %s: refused (%s%s)", token, type(err).__name__,
                    f", file {err.file}" if err.file else "")
        raise
    except Exception as err:
        log.error("import %s: internal error %s", token, type(err).__name__)
        if debug:
            raise
        raise ImportFailed(
            f"Kesalahan internal saat membangun ({type(err).__name__}); dataset yang tayang "
            "tidak berubah.",
            f"Internal error while building ({type(err).__name__}); the dataset being served "
            "has not changed.") from None
