"""A ranking on the map: prioritas as the class of each desa shape, and its legend."""

from __future__ import annotations

import numpy as np

from layers.errors import InputError

from dashboard.dataset import LoadedDataset
from dashboard.i18n import number, t
from dashboard.model.choropleth import NODATA_FILL, short_number
from dashboard.model.legend import Legend, LegendEntry
from dashboard.model.ranking import TIER_COLORS, indicator_label
from dashboard.model.reasons import reason_label
from dashboard.model.routes import area_name
from dashboard.views import View

_MARKS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def rank_hideout(result, codes: list[str], *, src: str, selected: str | None, lang: str,
                 labels: bool, meta: dict, indicator_labels: dict[str, str],
                 area: str) -> dict:
    """The GeoJSON ``hideout`` of a ranking: prioritas as the class of each shape.

    Same layout as :func:`~dashboard.model.choropleth.hideout` (shapes in ``codes`` order):
    ``c`` is ``0``/``1``/``2`` for prioritas 1/2/3 and ``-`` for a desa not ranked; ``v`` the
    skor, ``r`` the peringkat; ``n`` how many desa are ranked; ``why`` the distinct reasons of
    the desa not ranked and ``x`` one character per shape pointing into it (``-`` when
    ranked). ``mode`` is ``rank``.
    """
    table = result.table.set_index("kode_desa").reindex(codes)
    tiers = table["prioritas"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    skor = table["skor"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    rank = table["peringkat"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    reasons: list[str] = []
    marks = []
    for tier, alasan in zip(tiers, table["alasan_kosong"].tolist()):
        if not np.isnan(tier):
            marks.append("-")
            continue
        text = reason_label(alasan, meta=meta, labels=indicator_labels, lang=lang) \
            or t("rank.reason.outside", lang)
        if text not in reasons:
            reasons.append(text)
        marks.append(_mark(reasons.index(text)))
    return {
        "src": src, "mode": "rank",
        "c": "".join("-" if np.isnan(p) else str(int(p) - 1) for p in tiers),
        "v": ",".join(short_number(s, 2) for s in skor),
        "r": ",".join("" if np.isnan(r) else str(int(r)) for r in rank),
        "n": int(result.method["diperingkat"]),
        "why": reasons, "x": "".join(marks),
        "cats": [], "pal": list(TIER_COLORS), "nd": NODATA_FILL, "sel": selected,
        "pl": 0, "pn": {}, "dec": 2, "u": "", "lang": lang, "labels": labels,
        "t": {"rank": t("hover.rank", lang), "of": t("hover.of", lang),
              "in": t("hover.in", lang), "area": area, "nodata": t("rank.not_ranked", lang),
              "open": t("rank.hover.open", lang), "skor": t("rank.col.skor", lang),
              "tier": t("rank.col.tier", lang)},
    }


def empty_rank_hideout(codes: list[str], message: str, *, src: str, selected: str | None,
                       lang: str, labels: bool) -> dict:
    """The ``hideout`` when no ranking can be made (e.g. every weight 0): every shape hatched,
    the hover saying why."""
    return {
        "src": src, "mode": "rank", "c": "-" * len(codes), "v": "," * max(len(codes) - 1, 0),
        "r": "," * max(len(codes) - 1, 0), "n": 0, "why": [message], "x": "0" * len(codes),
        "cats": [], "pal": list(TIER_COLORS), "nd": NODATA_FILL, "sel": selected, "pl": 0,
        "pn": {}, "dec": 2, "u": "", "lang": lang, "labels": labels,
        "t": {"nodata": t("rank.not_ranked", lang), "open": t("rank.hover.open", lang)},
    }


def _mark(i: int) -> str:
    return _MARKS[i] if i < len(_MARKS) else _MARKS[-1]


def tier_label(tier: int, lo: int, hi: int, *, lang: str) -> str:
    """``"Prioritas 1 · peringkat 1–73"``."""
    span = number(lo, lang=lang) if lo == hi else \
        f"{number(lo, lang=lang)}–{number(hi, lang=lang)}"
    return t("rank.legend.tier", lang, tier=tier, ranks=span)


def rank_legend(result, *, lang: str) -> Legend:
    """The map legend of a ranking: the three prioritas with their peringkat span and count,
    then how many desa are not ranked and why (by reason)."""
    ranked = result.ranked
    entries = []
    for tier in (1, 2, 3):
        rows = ranked[ranked["prioritas"] == tier]
        if rows.empty:
            continue
        entries.append(LegendEntry(TIER_COLORS[tier - 1],
                                   tier_label(tier, int(rows["peringkat"].min()),
                                              int(rows["peringkat"].max()), lang=lang),
                                   len(rows)))
    left = result.table[result.table["peringkat"].isna()]
    counts: dict[str, int] = {}
    for alasan in left["alasan_kosong"].dropna():
        code = _reason_class(alasan)
        counts[code] = counts.get(code, 0) + 1
    reasons = [t(f"rank.reason.class.{code}", lang, n=number(n, lang=lang))
               for code, n in counts.items()]
    return Legend(title=t("rank.legend.title", lang), unit="", entries=entries,
                  nodata=len(left), nodata_reasons=reasons,
                  scheme=t(f"rank.legend.rule.{result.spec.tier_rule}", lang),
                  nodata_label=t("rank.not_ranked", lang))


def _reason_class(alasan) -> str:
    """The leading reason code of an ``alasan_kosong`` (kelurahan before filter before empty)."""
    codes = {p.split(":", 1)[0] for p in str(alasan).split("; ")}
    for code in ("kelurahan", "filter_idm", "kosong"):
        if code in codes:
            return code
    return sorted(codes)[0]


def rank_map(computed, dataset: LoadedDataset, view: View, rank, selected: str | None, *,
             lang: str, labels: bool) -> tuple[dict, Legend]:
    """The ``hideout`` and legend of the ranking the controls hold (``rank``) over the view's
    desa; when no ranking can be made every shape is hatched and the legend says why.

    ``computed`` is the app's :class:`~dashboard.model.cache.Computed`; ``selected`` is the desa
    whose "why" is shown (else the view's selected desa).
    """
    codes = dataset.units(view)["kode"].tolist()
    src = dataset.geo_url(view.unit, view.kode)
    selected = selected if selected in set(codes) else view.selected
    state, _ = computed.rank_state(dataset, rank)
    try:
        result = computed.ranked(dataset, view, state)
    except InputError as err:
        message = err.en_msg if lang == "en" else err.id_msg
        h = empty_rank_hideout(codes, message, src=src, selected=selected, lang=lang,
                               labels=labels)
        return h, Legend(title=t("rank.legend.title", lang), unit="", entries=[],
                         nodata=len(codes), nodata_reasons=[message],
                         scheme=t("rank.legend.rule.tertil", lang),
                         nodata_label=t("rank.not_ranked", lang))
    names = {c: indicator_label(dataset, c, lang) for c in result.indicators}
    h = rank_hideout(result, codes, src=src, selected=selected, lang=lang, labels=labels,
                     meta=dataset.meta, indicator_labels=names, area=area_name(dataset, view))
    return h, rank_legend(result, lang=lang)
