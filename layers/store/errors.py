"""Errors of the dataset store and of browser imports (bilingual, like every refused input)."""

from __future__ import annotations

from layers.errors import InputError


class StoreError(InputError):
    """A refused store operation (unknown version, deleting the one being served, ...)."""


class ImportFailed(InputError):
    """A build that failed for a reason other than a refused input (a bug); no details leak."""
