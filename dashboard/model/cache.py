"""Answers computed from a dataset and kept for the next request (least recently used first out).

Keys carry the dataset's version, so a published import never gets the answers of the dataset
it replaced. Values are never changed after they are made (several users, several threads).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import pandas as pd

from dashboard.dataset import LoadedDataset
from dashboard.model.choropleth import Choropleth, choropleth
from dashboard.model.ranking import (RankDefaults, RankState, rank_area, rank_defaults,
                                     rank_spec, ranking_frame, read_rank_state)
from dashboard.views import View


class Memo:
    """A small thread-safe least-recently-used cache of computed answers (key -> value)."""

    def __init__(self, size: int):
        self._size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, key, make):
        """The value kept under ``key``, or ``make()`` kept from now on."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


class Computed:
    """The map page's expensive answers: classified indicators, the desa table with the
    dataset's default ranking, and rankings of an area (one cache of ``size`` answers)."""

    def __init__(self, size: int = 256):
        self._memo = Memo(size)

    def choropleth(self, dataset: LoadedDataset, view: View, kolom: str, scheme: str,
                   k: int) -> Choropleth:
        """:func:`~dashboard.model.choropleth.choropleth` of ``kolom`` over the view's units."""
        def make():
            info = dataset.indicator(kolom)
            return choropleth(dataset.units(View(None, view.kode, view.unit)), info,
                              scheme=scheme, k=k)
        return self._memo(("ch", dataset.version, view.unit, view.kode, kolom, scheme, k), make)

    def ranking_base(self, dataset: LoadedDataset) -> tuple[pd.DataFrame, RankDefaults]:
        """The desa table as ``layers.ranking`` reads it and the dataset's default ranking."""
        def make():
            desa = ranking_frame(dataset)
            return desa, rank_defaults(dataset, desa)
        return self._memo(("base", dataset.version), make)

    def rank_state(self, dataset: LoadedDataset, data) -> tuple[RankState, object | None]:
        """:func:`~dashboard.model.ranking.read_rank_state` of what the browser sent."""
        desa, defaults = self.ranking_base(dataset)
        return read_rank_state(data, desa=desa, meta=dataset.meta, defaults=defaults)

    def ranked(self, dataset: LoadedDataset, view: View, state: RankState):
        """``layers.ranking.rank_desa`` over the area in view (kept per state).

        Raises
        ------
        layers.errors.InputError
            No ranking can be made (e.g. every weight 0).
        """
        from layers.ranking import rank_desa

        desa, defaults = self.ranking_base(dataset)
        area = rank_area(view)
        return self._memo(("rank", dataset.version, area, state.key),
                          lambda: rank_desa(desa, rank_spec(state, defaults, area=area),
                                            meta=dataset.meta))
