"""The ranking tab's body: the summary line, the top list, "why this desa", the desa not
ranked, or the exclusion / inclusion list, for the area in view."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from layers.errors import InputError
from layers.fmt import angka

from dashboard.dataset import LoadedDataset
from dashboard.i18n import number, t
from dashboard.model.ranking import RANK_VIEWS, TOP_CHOICES, indicator_label
from dashboard.model.reasons import is_missing, reason_label
from dashboard.model.routes import area_name, desa_path, route
from dashboard.model.targeting import targeting, targeting_column, targeting_reason
from dashboard.views import View


@dataclass(frozen=True)
class RankSummary:
    """One line above the list: where, how many ranked, how many left out and why."""

    area: str
    ranked: int
    total: int
    left_out: list[str]
    weights: str


def rank_summary(result, *, area: str, lang: str, labels: dict[str, str]) -> RankSummary:
    m = result.method
    left = [t(f"rank.reason.class.{code}", lang, n=number(n, lang=lang))
            for code, n in m["tidak_diperingkat"].items()]
    weights = ", ".join(
        f"{labels.get(i['kolom'], i['kolom'])} {angka(i['bobot_dinormalkan'] * 100, 0, lang=lang)}%"
        for i in m["indikator"])
    return RankSummary(area=area, ranked=int(m["diperingkat"]), total=int(m["jumlah_desa"]),
                       left_out=left, weights=weights)


def rank_rows(result, *, top: int) -> pd.DataFrame:
    """The ranked desa with ``peringkat <= top`` (desa tied at the cut stay; 0 = all)."""
    rows = result.top(top).table if top and top > 0 else result.ranked
    return rows.reset_index(drop=True)


def unranked_groups(result, *, meta: dict, labels: dict[str, str],
                    lang: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Desa not ranked, grouped by their reason: ``[(reason, [(kode, nama), ...]), ...]``."""
    left = result.table[result.table["peringkat"].isna()]
    groups: dict[str, list[tuple[str, str]]] = {}
    for kode, nama, alasan in zip(left["kode_desa"], left["nama_desa"], left["alasan_kosong"]):
        text = reason_label(alasan, meta=meta, labels=labels, lang=lang)
        groups.setdefault(text, []).append((str(kode), str(nama)))
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))


@dataclass(frozen=True)
class Why:
    """Why one desa ranks where it does (or why it is not ranked)."""

    kode: str
    nama: str
    kec: str
    skor: float | None
    peringkat: int | None
    prioritas: int | None
    n_ranked: int
    reason: str
    #: ``layers.ranking.explain``: kolom, label, nilai, nilai_dinormalkan, bobot_dinormalkan,
    #: kontribusi; plus ``maks`` (the points the indicator can give) and ``teks`` (the value
    #: as displayed)
    parts: pd.DataFrame


def why(result, kode: str | None, *, dataset: LoadedDataset, labels: dict[str, str],
        lang: str) -> Why | None:
    """``layers.ranking.explain`` for ``kode`` (the first ranked desa when ``kode`` is not in
    the ranking); ``None`` when the area has no desa."""
    from layers.ranking import explain

    table = result.table
    if table.empty:
        return None
    if kode not in set(table["kode_desa"]):
        kode = str(table["kode_desa"].iloc[0])
    row = table[table["kode_desa"] == kode].iloc[0]
    parts = explain(result, kode, meta=dataset.meta, lang=lang)
    parts["label"] = [labels.get(k, lbl) for k, lbl in zip(parts["kolom"], parts["label"])]
    parts["maks"] = parts["bobot_dinormalkan"] * 100.0
    parts["teks"] = [_value_text(dataset, k, v, lang) for k, v in zip(parts["kolom"],
                                                                     parts["nilai"])]
    ranked = not pd.isna(row["peringkat"])
    return Why(kode=str(kode), nama=str(row["nama_desa"]), kec=str(row.get("nama_kec", "")),
               skor=float(row["skor"]) if ranked else None,
               peringkat=int(row["peringkat"]) if ranked else None,
               prioritas=int(row["prioritas"]) if ranked else None,
               n_ranked=int(result.method["diperingkat"]),
               reason="" if ranked else reason_label(row["alasan_kosong"], meta=dataset.meta,
                                                      labels=labels, lang=lang),
               parts=parts)


def _value_text(dataset: LoadedDataset, kolom: str, value, lang: str) -> str:
    info = dataset.indicator(kolom)
    if info is None:
        return number(value, kind="density", lang=lang)
    if info.nama == "idm_status" and not is_missing(value):
        from layers.indicators import IDM_STATUS

        return IDM_STATUS[int(value) - 1].title()
    unit = info.satuan if info.jenis in ("density", "score") and info.satuan else None
    return number(value, kind=info.jenis, lang=lang, unit=unit)


@dataclass(frozen=True)
class RankPanel:
    """The composite ranking's list: summary, top rows, why the selected desa, desa not
    ranked (grouped by reason), and the desa whose row is highlighted."""

    summary: RankSummary
    rows: pd.DataFrame
    why: Why | None
    groups: list[tuple[str, list[tuple[str, str]]]]
    selected: str | None


def rank_panel(dataset: LoadedDataset, view: View, result, *, selected: str | None, top: int,
               lang: str) -> RankPanel:
    """Everything the ranking list shows for ``result`` over ``view``."""
    names = {c: indicator_label(dataset, c, lang) for c in result.indicators}
    w = why(result, selected, dataset=dataset, labels=names, lang=lang)
    return RankPanel(summary=rank_summary(result, area=area_name(dataset, view), lang=lang,
                                          labels=names),
                     rows=rank_rows(result, top=top), why=w,
                     groups=unranked_groups(result, meta=dataset.meta, labels=names, lang=lang),
                     selected=w.kode if w else None)


@dataclass(frozen=True)
class TargetingList:
    """An exclusion / inclusion list as ``components.ranking.targeting_body`` draws it."""

    table: pd.DataFrame
    kind: str
    top: int
    selected: str | None
    map_label: str | None
    #: ``reason_of(alasan, jenis)``: why a desa has no figure
    reason_of: object


@dataclass(frozen=True)
class RankTab:
    """What the ranking tab shows: nothing (the path is not a view), an exclusion / inclusion
    list, the ranking's error, or the ranking; with the note that tiers need desa shapes
    (``unit_label`` and ``desa_href``) when the map is drawn in another unit."""

    css: str
    found: bool = False
    unit_label: str | None = None
    desa_href: str | None = None
    targeting: TargetingList | None = None
    error: str | None = None
    panel: RankPanel | None = None


def rank_tab(computed, dataset: LoadedDataset, pathname: str | None, *, rank, rank_view,
             selected: str | None, top, rank_sort, lang: str) -> RankTab:
    """The ranking tab for a path and the tab's controls.

    ``computed`` is the app's :class:`~dashboard.model.cache.Computed`.
    """
    view = route(dataset, pathname).view
    rank_view = rank_view if rank_view in RANK_VIEWS else RANK_VIEWS[0]
    css = f"pd-ranking pd-rank-mode-{rank_view}"
    if view is None:
        return RankTab(css=css)
    top = top if top in TOP_CHOICES else TOP_CHOICES[0]
    base = {"css": css, "found": True}
    if view.unit != "desa":
        base.update(unit_label=t(f"level.{view.unit}", lang),
                    desa_href=desa_path(dataset, pathname))
    if rank_view != "peringkat":
        return RankTab(**base, targeting=_targeting_list(computed, dataset, view, rank_view,
                                                         rank_sort, top, selected, lang))
    state, _ = computed.rank_state(dataset, rank)
    try:
        result = computed.ranked(dataset, view, state)
    except InputError as err:
        message = err.en_msg if lang == "en" else err.id_msg
        return RankTab(**base, error=t("rank.error", lang, message=message))
    return RankTab(**base, panel=rank_panel(dataset, view, result, selected=selected, top=top,
                                            lang=lang))


def _targeting_list(computed, dataset: LoadedDataset, view: View, kind: str, sort_by,
                    top: int, selected: str | None, lang: str) -> TargetingList:
    desa, _ = computed.ranking_base(dataset)
    info = targeting_column(dataset, kind=kind, sort_by=sort_by)
    return TargetingList(table=targeting(desa, dataset.meta, view, kind=kind, sort_by=sort_by),
                         kind=kind, top=top, selected=selected,
                         map_label=info.label(lang) if info else None,
                         reason_of=targeting_reason(dataset, lang=lang))
