"""The dataset the app serves, swappable while it runs (after an import is published).

Callbacks and routes hold a :class:`LiveStore` and use it like a
:class:`~dashboard.store.Store`; :meth:`LiveStore.swap` puts a newly loaded store in place in
one assignment, so a request sees either the old dataset or the new one, never a mix of files.
"""

from __future__ import annotations

import threading


class LiveStore:
    """A stand-in for the current :class:`~dashboard.store.Store`."""

    def __init__(self, store):
        self._store = store
        self._lock = threading.Lock()

    @property
    def current(self):
        """The store being served now."""
        return self._store

    def swap(self, store) -> None:
        """Serve ``store`` from now on (loaded fully before the call)."""
        with self._lock:
            self._store = store

    def __getattr__(self, name: str):
        return getattr(self._store, name)
