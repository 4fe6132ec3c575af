"""Uploads of the import page waiting for a build: held in this process's memory only, per
import, until the build takes them, the import is discarded, or they expire.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

#: the data period as the import page asks for it
PERIOD_RE = re.compile(r"(19|20)\d\d-(0[1-9]|1[0-2])")
#: uploads not built after this many seconds are dropped from memory
UPLOAD_TTL = 3600.0


def valid_period(text: str | None) -> str | None:
    """The period ``YYYY-MM`` stripped, or ``None`` when it is not one."""
    value = str(text or "").strip()
    return value if PERIOD_RE.fullmatch(value) else None


def upload_pairs(data, names) -> list[tuple[str, str]]:
    """``(file name, data URL)`` pairs from what one ``dcc.Upload`` gives (one value or a list
    of each)."""
    data = data if isinstance(data, list) else [data]
    names = names if isinstance(names, list) else [names]
    return list(zip(names, data))


@dataclass
class PendingFile:
    """One upload: its check result (what the page shows) and, if usable, its bytes."""

    key: str
    role: str                 # "batas" or "rumah_tangga"
    entry: dict[str, Any]     # nama, peran, bytes, jenis, layout, register, label_*, galat
    upload: Any = None        # layers.store.Upload, None when refused
    digest: str = ""


@dataclass
class _Pending:
    files: list[PendingFile] = field(default_factory=list)
    touched: float = field(default_factory=time.monotonic)
    counter: int = 0


class PendingUploads:
    """Uploads of each import, in memory, until the build takes them (thread-safe)."""

    def __init__(self, *, ttl: float = UPLOAD_TTL):
        self.ttl = ttl
        self._items: dict[str, _Pending] = {}
        self._lock = threading.Lock()

    def add(self, token: str, files: Sequence[PendingFile]) -> None:
        """Add checked files; a boundary file replaces the earlier one, a household file
        with the same name and content as one already there is not added twice."""
        with self._lock:
            self._purge_locked()
            item = self._items.setdefault(token, _Pending())
            for f in files:
                item.counter += 1
                f.key = f"f{item.counter}"
                if f.role == "batas":
                    item.files = [g for g in item.files if g.role != "batas"]
                    item.files.insert(0, f)
                elif not any(g.digest == f.digest and g.entry["nama"] == f.entry["nama"]
                             and f.digest for g in item.files):
                    item.files.append(f)
            item.touched = time.monotonic()

    def remove(self, token: str, key: str) -> bool:
        with self._lock:
            item = self._items.get(token)
            if item is None:
                return False
            before = len(item.files)
            item.files = [f for f in item.files if f.key != key]
            item.touched = time.monotonic()
            return len(item.files) < before

    def files(self, token: str | None) -> list[PendingFile]:
        """The files of an import, boundary first (copies of the list, shared entries)."""
        with self._lock:
            self._purge_locked()
            item = self._items.get(token or "")
            return list(item.files) if item else []

    def take(self, token: str) -> list[PendingFile]:
        """Remove and return the files of an import (the build owns them from now on)."""
        with self._lock:
            item = self._items.pop(token, None)
            return list(item.files) if item else []

    def drop(self, token: str | None) -> None:
        with self._lock:
            self._items.pop(token or "", None)

    def tokens(self) -> list[str]:
        with self._lock:
            return list(self._items)

    def _purge_locked(self) -> None:
        now = time.monotonic()
        for token in [t for t, i in self._items.items() if now - i.touched > self.ttl]:
            del self._items[token]
            log.info("import %s: uploads not built within %.0f s dropped", token, self.ttl)


def summary(files: Sequence[PendingFile], *, max_bytes: int) -> dict[str, Any]:
    """What the build button needs to know about the uploads of one import.

    Returns
    -------
    dict
        ``boundary`` (a usable boundary file), ``households`` (usable household files),
        ``refused`` (files refused), ``bytes`` (total of the usable files), ``too_big``.
    """
    usable = [f for f in files if f.upload is not None]
    total = sum(len(f.upload.content) for f in usable)
    return {"boundary": any(f.role == "batas" for f in usable),
            "households": sum(f.role == "rumah_tangga" for f in usable),
            "refused": sum(f.upload is None for f in files),
            "bytes": total, "too_big": total > max_bytes}
