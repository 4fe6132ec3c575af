"""The import page (``/impor``): upload, check, resolve names, publish, switch versions.

A second Dash app mounted on the dashboard's Flask server under ``/impor/``, so the map page
keeps its own router and callbacks untouched. It works over a
:class:`layers.store.DatasetStore` (``settings.store_dir``) through
:class:`~dashboard.model.impor.service.ImportService` (the page's pure helper layer,
:mod:`dashboard.model.impor`), mounted by :func:`~dashboard.pages.impor.app.add_import_app`:

1. **Upload**: a boundary file and one or more household files (or zips); each is decoded,
   size-checked and sniffed by content (:func:`layers.store.sniff_upload`), its register
   layout detected (:meth:`layers.store.ImportSession.inspect`) and shown, or the
   bilingual reason it was refused. The data period is entered (``YYYY-MM``).
2. **Build and check**: the build runs in a thread (progress bar polled every 0.4 s; the page
   and the map stay usable); its check report is shown: rows read, duplicates, rejected rows
   with reasons (download of all of them, nothing personal), match rates, kecamatan with no
   rows, indicators that cannot be computed and why.
3. **Resolve names**: every name to review with its candidates (same parent area, scores) as
   radio buttons and "not in this area"; "Simpan & bangun ulang" writes the choices into the
   store's ``mapping.csv`` (the file ``python -m layers build --mapping`` reads) and builds
   again from the de-personalised households kept by the importer.
4. **Publish**: the checked build becomes the version served (atomic rename + pointer flip in
   the store; then the dataset is loaded and swapped into the app's
   :class:`~dashboard.served.ServedDataset`). Earlier versions are listed; any can be served
   again or deleted.

Raw uploads live in this process's memory until their build starts, and on disk only inside
the importer's private folder during the build, deleted in a ``finally``. Logs carry counts,
file names and codes only.

The page's modules: :mod:`~dashboard.pages.impor.layout` (the static shell),
:mod:`~dashboard.pages.impor.callbacks`, :mod:`~dashboard.pages.impor.ids`, and the builders
of each step over plain dicts (:mod:`~dashboard.pages.impor.uploads`,
:mod:`~dashboard.pages.impor.check`, :mod:`~dashboard.pages.impor.review`,
:mod:`~dashboard.pages.impor.versions`, small formatters in
:mod:`~dashboard.pages.impor.common`).

With ``settings.store_dir = None`` (``app.py --data DIR``) the page only explains that import
is disabled.
"""

from dashboard.pages.impor.app import PREFIX, add_import_app

__all__ = ["PREFIX", "add_import_app"]
