"""Builds of the import page running in daemon threads, with their progress, so the page and
the map stay usable while a build runs.

A server killed mid-build leaves ``staging/<token>`` unlocked, and
:meth:`layers.store.DatasetStore.recover` removes it at the next start: the previous
dataset keeps serving.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from layers.errors import InputError

log = logging.getLogger(__name__)


class Jobs:
    """Builds running in daemon threads, with their progress, keyed by import token."""

    def __init__(self):
        self._state: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def start(self, token: str, kind: str, work: Callable[[Callable], Any]) -> bool:
        """Run ``work(progress)`` in a thread; ``False`` when a job of ``token`` still runs.

        ``progress(step, total, key)`` updates the job's state; the job ends ``done`` with
        ``work``'s result or ``failed`` with the bilingual message of the error.
        """
        with self._lock:
            if self._state.get(token, {}).get("state") == "running":
                return False
            self._state[token] = {"kind": kind, "state": "running", "step": 0, "total": 0,
                                  "key": None, "galat": None, "started": time.monotonic(),
                                  "ended": None}

        def progress(step: int, total: int, key: str) -> None:
            with self._lock:
                self._state[token].update(step=int(step), total=int(total), key=key)

        def run() -> None:
            try:
                work(progress)
            except InputError as err:
                self._end(token, "failed", str(err))
            except Exception as err:                      # a bug: no details reach the page
                log.error("import %s: %s failed (%s)", token, kind, type(err).__name__)
                self._end(token, "failed",
                          f"Kesalahan internal ({type(err).__name__}); dataset yang tayang "
                          f"tidak berubah.\nInternal error ({type(err).__name__}); the "
                          "dataset being served has not changed.")
            else:
                self._end(token, "done", None)

        threading.Thread(target=run, name=f"impor-{kind}-{token}", daemon=True).start()
        return True

    def state(self, token: str | None) -> dict[str, Any] | None:
        """A copy of the job's state (``None`` when no job ran for ``token``)."""
        with self._lock:
            state = self._state.get(token or "")
            if state is None:
                return None
            out = dict(state)
        end = out["ended"] if out["ended"] is not None else time.monotonic()
        out["seconds"] = round(end - out["started"], 1)
        return out

    def running(self, token: str | None) -> bool:
        state = self.state(token)
        return bool(state and state["state"] == "running")

    def forget(self, token: str | None) -> None:
        with self._lock:
            self._state.pop(token or "", None)

    def wait(self, token: str, timeout: float = 120.0) -> dict[str, Any] | None:
        """Block until the job of ``token`` has ended (tests, scripts)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.state(token)
            if state is None or state["state"] != "running":
                return state
            time.sleep(0.05)
        return self.state(token)

    def _end(self, token: str, state: str, galat: str | None) -> None:
        with self._lock:
            self._state[token].update(state=state, galat=galat, ended=time.monotonic())
