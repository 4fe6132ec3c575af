"""The dataset store: published versions of the dataset and the browser import that adds them.

Submodules, each one concern:

* :mod:`layers.store.dataset`: :func:`load_dataset`, reading one dataset directory;
* :mod:`layers.store.versions`: :class:`DatasetStore`, versions by period, the ``current``
  pointer, staging folders, publish / switch / delete, recovery after a crash;
* :mod:`layers.store.lock`: :class:`FileLock`, the cross-process lock of the store;
* :mod:`layers.store.session`: :class:`ImportSession`, one browser import from upload to
  publish, and its progress :data:`STEPS`;
* :mod:`layers.store.upload`: :class:`Upload`, size limits and :func:`sniff_upload` (type
  from content, by role);
* :mod:`layers.store.running`: the plumbing of a build run by an import (private folder for the
  raw uploads, lock, progress, failures logged without data);
* :mod:`layers.store.inputs`: what an import keeps for a rerun (nothing personal) and the rerun;
* :mod:`layers.store.report`: :func:`check_report`, the summary shown before publishing;
* :mod:`layers.store.names`: name decisions saved into the store's mapping file;
* :mod:`layers.store.files`, :mod:`layers.store.errors`: small shared helpers and errors.

Names are imported from their submodule on first use (a module ``__getattr__``), so reading one
dataset directory (``python -m layers rank``) does not load the import machinery.
"""

import importlib

#: re-exported name -> submodule holding it (imported on first access)
_LAZY = {
    "load_dataset": "dataset", "ImportFailed": "errors", "StoreError": "errors",
    "FileLock": "lock", "CheckReport": "report", "check_report": "report",
    "parse_candidates": "report", "STEPS": "session", "ImportSession": "session",
    "MAX_UNZIPPED_BYTES": "upload", "MAX_UPLOAD_BYTES": "upload", "Upload": "upload",
    "sniff_upload": "upload", "COMPLETE_MARKER": "versions", "CONTRACT_FILES": "versions",
    "NO_PERIOD_ID": "versions", "DatasetStore": "versions", "is_complete": "versions",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(f"layers.store.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'layers.store' has no attribute {name!r}")
