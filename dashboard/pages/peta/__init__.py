"""The map page ("peta", ``/``): indicator map, table, desa profile and the priority ranking.

:func:`~dashboard.pages.peta.layout.layout` builds the page for the dataset served now (at
each page load, so a published import shows at the next load);
:func:`~dashboard.pages.peta.callbacks.register` attaches its callbacks.
"""

from dashboard.pages.peta.callbacks import register
from dashboard.pages.peta.layout import layout, with_import_link

__all__ = ["layout", "register", "with_import_link"]
