"""Presentation mode (``/presentasi/...``): the map of an area beside its top-10 priority desa,
large type for a projector, arrow keys step from area to area, Esc goes back to the map page.

A second Dash app on the map app's Flask server (like the import page), so its paths
(``/presentasi/kab/9901``) are its own; it reads the same dataset, geometry route and cached
answers as the map page.
"""

from dashboard.pages.presentasi.app import add_presentation_app

__all__ = ["add_presentation_app"]
