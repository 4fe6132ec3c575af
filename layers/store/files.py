"""Small file helpers of the store: JSON read / write, durable renames, private files."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pandas as pd


def read_json(path: Path) -> Any:
    """The JSON content of ``path``, or ``None`` when it is missing or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` (made :func:`jsonable`) through a temporary file and ``os.replace``."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(jsonable(data), ensure_ascii=False, indent=1) + "\n",
                   encoding="utf-8")
    os.replace(tmp, path)


def jsonable(value: Any) -> Any:
    """Plain JSON types all the way down (numpy scalars, NA and NaN become int/float/None)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return None if value != value else value
    if hasattr(value, "item"):
        return jsonable(value.item())
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def write_private(path: Path, content: bytes) -> Path:
    """Create ``path`` (it must not exist) readable by this user only, holding ``content``."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)
    return path


def fsync_dir(path: Path) -> None:
    """Make a rename inside ``path`` durable (POSIX; Windows cannot open folders)."""
    if os.name == "nt":                                  # pragma: no cover - Windows only
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:                                      # pragma: no cover - some filesystems
        pass
    finally:
        os.close(fd)


def remove(path: Path) -> None:
    """Remove a file, link or folder tree (errors ignored)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def clear_dir(path: Path) -> int:
    """Remove everything inside ``path``; the number of entries removed."""
    n = 0
    for p in list(path.iterdir()):
        remove(p)
        n += 1
    return n
