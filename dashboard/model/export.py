"""The ranking as an XLSX download (``layers.export.write_ranking``: ranking sheet + ``Metode``)."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from layers.errors import InputError
from layers.settings import DEFAULT

from dashboard.dataset import LoadedDataset
from dashboard.model.routes import area_name as name_of_area
from dashboard.model.routes import route
from dashboard.model.table import dataset_pattern


@dataclass(frozen=True)
class RankingFile:
    """A download: the workbook's bytes and its file name."""

    data: bytes
    filename: str


def ranking_filename(result, meta: dict, *, area_name: str) -> str:
    """``peringkat-prioritas_<area code>-<area name>_<period>.xlsx``."""
    wil = result.method.get("wilayah") or {}
    code = wil.get("kode") or ""
    slug = re.sub(r"[^a-z0-9]+", "-", area_name.lower()).strip("-")
    period = re.sub(r"[^A-Za-z0-9-]+", "-", str(meta.get("periode") or "")).strip("-")
    parts = ["peringkat-prioritas", "-".join(p for p in (code, slug) if p), period]
    return "_".join(p for p in parts if p) + ".xlsx"


def ranking_xlsx(result, *, meta: dict, today: date | None = None, pattern=None,
                 version: str | None = None) -> bytes:
    """The XLSX of ``layers.export.write_ranking`` (ranking sheet + ``Metode``) as bytes,
    suppressed with the dataset's ``pattern``, stamped with its ``version``."""
    from layers.export import write_ranking

    with tempfile.TemporaryDirectory(prefix="pd-rank-") as tmp:
        path = write_ranking(result, Path(tmp) / "peringkat.xlsx", meta=meta, today=today,
                             pattern=pattern, version=version)
        return path.read_bytes()


def ranking_file(result, *, meta: dict, area_name: str, today: date | None = None,
                 pattern=None, version: str | None = None) -> RankingFile:
    """The ranking's workbook with its file name."""
    return RankingFile(ranking_xlsx(result, meta=meta, today=today, pattern=pattern,
                                    version=version),
                       ranking_filename(result, meta, area_name=area_name))


def ranking_download(computed, dataset: LoadedDataset, pathname: str | None,
                     rank) -> RankingFile | None:
    """The workbook of the ranking the controls hold (``rank``) over the area of a path
    (``None``: not a view, or no ranking can be made).

    ``computed`` is the app's :class:`~dashboard.model.cache.Computed`.
    """
    view = route(dataset, pathname).view
    if view is None:
        return None
    state, _ = computed.rank_state(dataset, rank)
    try:
        result = computed.ranked(dataset, view, state)
    except InputError:
        return None
    return ranking_file(result, meta=dataset.meta, area_name=name_of_area(dataset, view),
                        pattern=dataset_pattern(dataset, DEFAULT.small_count_threshold),
                        version=dataset.version)
