"""The map page's "Unduh peta (PNG)" and "Unduh laporan (PDF)" (dash-free, pure).

One function answers both buttons: :func:`report_download` turns the view on screen (path,
indicator, scheme, classes, language, the ranking weights on screen) into the map image of
:func:`layers.reports.image.map_image` or the PDF of :func:`layers.reports.build.report_pdf`:
the Musdes sheet for a selected desa, the rakor report in a kecamatan view, the atlas in a
kabupaten view. Both go through the dataset's suppression pattern, the one the table download
uses (computed once per dataset version).
"""

from __future__ import annotations

import threading
from datetime import date

from dashboard.dataset import LoadedDataset
from dashboard.model.routes import route
from dashboard.model.table import CsvFile, dataset_pattern

#: ReportData per dataset version (built once; never changed once set)
_DATA: dict[str, object] = {}
_LOCK = threading.Lock()


def report_data(dataset: LoadedDataset):
    """The dataset as :class:`layers.reports.content.ReportData` (frames + geometry already
    loaded by the dashboard, the suppression pattern it caches)."""
    import geopandas as gpd

    from layers.reports.content import ReportData
    from layers.settings import DEFAULT

    with _LOCK:
        if dataset.version not in _DATA:
            geo = getattr(dataset, "_geometry")

            def level(name):
                frame = dataset.frames[name].reset_index(drop=True)
                return gpd.GeoDataFrame(frame, geometry=list(geo[name]), crs=4326)

            review = _review(dataset)
            _DATA[dataset.version] = ReportData(
                level("desa"), level("kecamatan"), dataset.meta,
                dataset.subdesa if len(dataset.subdesa) else None, review, date.today(),
                DEFAULT, level("kabupaten"),
                dataset_pattern(dataset, DEFAULT.small_count_threshold))
    data = _DATA[dataset.version]
    data.today = date.today()
    return data


def _review(dataset: LoadedDataset):
    """The review rows of the served dataset's ``match_report.csv`` (``None`` when the file of
    this very dataset version cannot be found: the report then says so, never "all matched")."""
    from layers.reports.content import review_rows

    from pathlib import Path

    folder = getattr(dataset.settings, "data_dir", None)
    folder = Path(folder) if folder is not None else None
    if folder is None or not (folder / "meta.json").exists() or _meta_of(folder) != dataset.meta:
        return None
    return review_rows(folder / "match_report.csv")


def _meta_of(folder):
    import json

    return json.loads((folder / "meta.json").read_text(encoding="utf-8"))


def report_download(computed, dataset: LoadedDataset, pathname: str | None, kolom, scheme, k,
                    lang: str, rank, *, kind: str) -> CsvFile | None:
    """The PNG (``kind="png"``) or PDF (``kind="pdf"``) of the view; ``None`` when the path is
    not a view a report covers (the whole dataset or a province)."""
    from layers.errors import InputError
    from layers.reports.maps import MapOptions

    view = route(dataset, pathname).view
    if view is None or view.level not in ("kabupaten", "kecamatan", "desa"):
        return None
    data = report_data(dataset)
    options = MapOptions(indicator=kolom, scheme=scheme or "quantiles", k=int(k or 5),
                         lang=lang)
    area = view.selected or view.kode
    try:
        if kind == "png":
            from layers.reports.image import map_image

            img = map_image(data, view.kode, options=options,
                            level="desa" if view.unit == "desa" else "kec")
            return CsvFile(img.data, f"peta_{view.kode}_{kolom}.png", "image/png")
        from layers.reports.build import report_pdf
        from layers.reports.content import RankOptions

        state, _ = computed.rank_state(dataset, rank)
        ranking = RankOptions(weights=dict(state.weights) or None,
                              include_kelurahan=state.include_kelurahan,
                              normalisation=state.normalisation)
        pdf = report_pdf(data, area, ranking=ranking, options=options)
    except InputError:
        return None
    return CsvFile(pdf, f"laporan_{area}.pdf", "application/pdf")
