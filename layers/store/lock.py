"""An exclusive file lock across processes, released by the OS when its holder dies."""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

from layers.store.errors import StoreError

#: name of the lock file of the store and of each staging folder
LOCK_NAME = ".lock"


class FileLock:
    """An exclusive lock on a file, released by the OS when the holding process dies.

    ``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows. Two ``FileLock`` objects on one
    path exclude each other also inside one process (each opens its own file description).
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._fh = None

    def acquire(self, *, blocking: bool = True, timeout: float = 60.0) -> bool:
        """Take the lock; ``False`` when it is held elsewhere (after ``timeout`` if blocking)."""
        if self._fh is not None:
            raise RuntimeError("FileLock is not re-entrant")
        fh = open(self.path, "a+b")                     # noqa: SIM115 - kept open while held
        deadline = time.monotonic() + timeout
        while True:
            try:
                _lock_fd(fh)
            except OSError:
                if not blocking or time.monotonic() >= deadline:
                    fh.close()
                    return False
                time.sleep(0.05)
            else:
                self._fh = fh
                return True

    def release(self) -> None:
        """Give the lock back (no-op when not held)."""
        fh, self._fh = self._fh, None
        if fh is None:
            return
        try:
            _unlock_fd(fh)
        finally:
            fh.close()

    @property
    def held(self) -> bool:
        return self._fh is not None

    def __enter__(self) -> FileLock:
        if not self.acquire():
            raise StoreError("Penyimpanan dataset sedang dipakai proses lain; coba lagi.",
                             "The dataset store is busy in another process; try again.",
                             file=self.path.parent.name)
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def _lock_fd(fh) -> None:
    if os.name == "nt":                                  # pragma: no cover - Windows only
        import msvcrt
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock_fd(fh) -> None:
    if os.name == "nt":                                  # pragma: no cover - Windows only
        import msvcrt
        fh.seek(0)
        with contextlib.suppress(OSError):
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
