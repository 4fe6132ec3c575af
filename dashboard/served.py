"""The dataset the app serves, swappable while it runs (after an import is published).

Callbacks and routes hold a :class:`ServedDataset` and use it like a
:class:`~dashboard.dataset.LoadedDataset`; :meth:`ServedDataset.swap` puts a newly loaded
dataset in place in one assignment, so a request sees either the old dataset or the new one,
never a mix of files.
"""

from __future__ import annotations

import threading


class ServedDataset:
    """A stand-in for the :class:`~dashboard.dataset.LoadedDataset` served now."""

    def __init__(self, dataset):
        self._dataset = dataset
        self._lock = threading.Lock()

    @property
    def current(self):
        """The dataset being served now."""
        return self._dataset

    def swap(self, dataset) -> None:
        """Serve ``dataset`` from now on (loaded fully before the call)."""
        with self._lock:
            self._dataset = dataset

    def __getattr__(self, name: str):
        return getattr(self._dataset, name)
