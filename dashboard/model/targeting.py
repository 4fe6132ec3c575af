"""The exclusion and inclusion views of the ranking tab (``layers.ranking.exclusion_table`` and
``inclusion_table``): the desa list of the area in view and the indicator its map shows."""

from __future__ import annotations

import pandas as pd

from dashboard.dataset import IndicatorInfo, LoadedDataset
from dashboard.model.ranking import TARGETING_SORTS, rank_area
from dashboard.model.reasons import code_reason
from dashboard.views import View

#: base columns of the exclusion / inclusion views: (count, rate)
TARGETING_COLUMNS = {"eksklusi": ("kk_desil_1_4_tanpa_bansos", "persen_tanpa_bansos"),
                     "inklusi": ("kk_inklusi", "persen_inklusi")}
#: what the rate of an exclusion / inclusion view is a share of
TARGETING_BASES = {"eksklusi": "kk_desil_1_4", "inklusi": "kk_terdaftar"}


def targeting(desa: pd.DataFrame, meta: dict, view: View, *, kind: str,
              sort_by: str) -> pd.DataFrame:
    """``layers.ranking.exclusion_table`` (``kind="eksklusi"``) or ``inclusion_table``
    (``"inklusi"``) of the area in view (kelurahan included: aid reaches them too)."""
    from layers.ranking import exclusion_table, inclusion_table

    fn = exclusion_table if kind == "eksklusi" else inclusion_table
    sort_by = sort_by if sort_by in TARGETING_SORTS else "jumlah"
    return fn(desa, meta, area=rank_area(view), sort_by=sort_by)


def targeting_column(dataset: LoadedDataset, *, kind: str,
                     sort_by: str) -> IndicatorInfo | None:
    """The indicator the map shows beside an exclusion / inclusion list: the count or the
    rate (by ``sort_by``) of the first register that has it."""
    count, rate = TARGETING_COLUMNS.get(kind, (None, None))
    if count is None:
        return None
    base = rate if sort_by == "persen" else count
    registers = [r.get("register") for r in dataset.registers()] or [""]
    for reg in registers:
        for info in dataset.indicators:
            if info.nama == base and (info.register or "") == (reg or "") and info.tersedia:
                return info
    return None


def targeting_reason(dataset: LoadedDataset, *, lang: str):
    """``reason_of(alasan, jenis)``: why a desa of the list has no figure."""
    def reason_of(alasan, _jenis):
        return code_reason(dataset, alasan, lang=lang)
    return reason_of
