"""The ranking tab's state: weights, normalisation and the kelurahan switch, from the URL hash or
the controls, checked by ``layers.ranking``; the sliders it draws.

The map of a ranking is in :mod:`dashboard.model.rank_map`, its lists and "why this desa" in
:mod:`dashboard.model.rank_lists`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from dashboard import ids
from dashboard.dataset import LoadedDataset
from dashboard.i18n import t
from dashboard.views import View

#: sub-views of the ranking tab: the composite ranking, exclusion errors, inclusion errors
RANK_VIEWS = ("peringkat", "eksklusi", "inklusi")
#: prioritas 1, 2, 3 on the map and in lists (ColorBrewer OrRd: colour-blind safe, the darkest
#: is the most urgent, and the three stay apart on a washed-out projector)
TIER_COLORS = ("#b30000", "#fc8d59", "#fdd49e")
#: a weight slider runs 0 .. WEIGHT_MAX in whole steps (0 = indicator not used)
WEIGHT_MAX = 5
#: lengths of the top list offered (0 = every ranked desa)
TOP_CHOICES = (10, 25, 50, 0)
#: order of the exclusion / inclusion lists: count or rate
TARGETING_SORTS = ("jumlah", "persen")
_ZERO = re.compile(r"^\s*[^=]+=\s*0+(?:\.0*)?\s*$")


@dataclass(frozen=True)
class RankState:
    """What the ranking controls hold (the URL hash carries the same three values).

    Attributes
    ----------
    weights
        Indicator column -> weight (0 .. :data:`WEIGHT_MAX`), in slider order; 0 = not used.
    normalisation
        ``minmax`` or ``rank`` (:data:`layers.ranking.NORMALISATIONS`).
    include_kelurahan
        Rank kelurahan with the desa.
    """

    weights: dict[str, float]
    normalisation: str = "minmax"
    include_kelurahan: bool = False

    def data(self) -> dict:
        """The state as a ``dcc.Store`` and the URL hash hold it (``layers`` weight syntax)."""
        from layers.ranking import format_weights

        return {"w": format_weights(self.weights), "n": self.normalisation,
                "kel": bool(self.include_kelurahan)}

    @property
    def key(self) -> tuple:
        """Hashable form (cache key)."""
        return (tuple(self.weights.items()), self.normalisation, self.include_kelurahan)


@dataclass(frozen=True)
class RankDefaults:
    """The documented default ranking of a dataset (``layers.ranking.default_spec``).

    ``weights`` has the defaults with weight 1 and the optional IDM score with weight 0 (a
    slider ready to use); ``notes`` say which column each role uses or why it is unavailable.
    """

    weights: dict[str, float]
    notes: tuple[dict, ...]
    spec_weights: dict[str, float]


def ranking_frame(dataset: LoadedDataset) -> pd.DataFrame:
    """The desa table as ``layers.ranking`` reads it (``kode_desa`` a column, not the index)."""
    return dataset.frames["desa"].reset_index(drop=True)


def rank_defaults(dataset: LoadedDataset, desa: pd.DataFrame) -> RankDefaults:
    """Default weights of the dataset, with the optional IDM indicator at weight 0."""
    from layers.ranking import default_spec

    spec = default_spec(dataset.meta, desa)
    weights = dict(spec.weights)
    for note in spec.defaults:
        if note.get("peran") == "idm" and note.get("kolom") and note["kolom"] not in weights:
            if _rankable(dataset, desa, note["kolom"]):
                weights[note["kolom"]] = 0.0
    return RankDefaults(weights=weights, notes=tuple(spec.defaults),
                        spec_weights=dict(spec.weights))


def read_rank_state(data, *, desa: pd.DataFrame, meta: dict,
                    defaults: RankDefaults) -> tuple[RankState, object | None]:
    """Check what the browser sent (URL hash or controls).

    Weights go through ``layers.ranking.parse_weights`` (names checked against the dataset);
    they are rounded to the slider's whole steps and capped at :data:`WEIGHT_MAX`. Unusable
    weights give the defaults and the :class:`~layers.errors.InputError` saying why. All
    weights 0 is a state the sliders can reach: it is kept (the ranking then says why it is
    empty).
    """
    from layers.errors import InputError
    from layers.ranking import NORMALISATIONS

    data = data if isinstance(data, dict) else {}
    norm = data.get("n") if data.get("n") in NORMALISATIONS else "minmax"
    kel = data.get("kel") in (True, 1, "1", "true")
    weights, error = dict(defaults.weights), None
    text = data.get("w")
    if isinstance(text, str) and text.strip():
        try:
            weights = read_weights(text, desa=desa, meta=meta)
        except InputError as err:
            error = err
    return RankState(weights=weights, normalisation=norm, include_kelurahan=kel), error


def read_weights(text: str, *, desa: pd.DataFrame, meta: dict) -> dict[str, float]:
    """``"a=1,b=0"`` -> ``{"a": 1.0, "b": 0.0}`` by ``layers.ranking.parse_weights``, on the
    slider's scale (whole numbers 0 .. :data:`WEIGHT_MAX`); every weight 0 is accepted."""
    from layers.ranking import parse_weights

    items = [p for p in re.split(r"[,;]", text) if p.strip()]
    zero = bool(items) and all(_ZERO.match(p) for p in items)
    if zero:  # parse_weights refuses all-zero weights; the names are still checked
        text = ",".join(p.split("=")[0] + "=1" for p in items)
    parsed = parse_weights(text, columns=list(desa.columns), meta=meta)
    return {k: 0.0 if zero else float(min(WEIGHT_MAX, round(w))) for k, w in parsed.items()}


def controls_state(weight_ids: list[dict], values: list, option_ids: list[dict],
                   options: list) -> RankState:
    """The ranking state the controls hold (weights checked: numbers 0 .. WEIGHT_MAX)."""
    from layers.ranking import NORMALISATIONS

    weights = {}
    for wid, value in zip(weight_ids, values):
        try:
            w = float(value)
        except (TypeError, ValueError):
            w = 0.0
        weights[str(wid["col"])] = float(min(WEIGHT_MAX, max(0, round(w)))) if w == w else 0.0
    opts = {o["name"]: v for o, v in zip(option_ids, options)}
    norm = opts.get("norm") if opts.get("norm") in NORMALISATIONS else "minmax"
    return RankState(weights=weights, normalisation=norm,
                     include_kelurahan="kel" in (opts.get("kel") or []))


def weight_shares(state: RankState) -> list[float | None]:
    """Each weight's share of the total, in slider order (``None``: not used)."""
    total = sum(w for w in state.weights.values() if w > 0)
    return [w / total if total and w > 0 else None for w in state.weights.values()]


def _rankable(dataset: LoadedDataset, desa: pd.DataFrame, kolom: str) -> bool:
    info = dataset.indicator(kolom)
    if info is None or not info.tersedia or kolom not in desa:
        return False
    if info.jenis == "category" and info.nama != "idm_status":
        return False
    return bool(desa[kolom].notna().any())


def rank_spec(state: RankState, defaults: RankDefaults, *, area: str | None):
    """The :class:`layers.ranking.RankSpec` of the controls for ``area``.

    The notes on defaults travel with the spec (and into the XLSX ``Metode`` sheet) only while
    the weights used are the documented defaults, as on the command line.
    """
    from layers.ranking import RankSpec

    used = {k: w for k, w in state.weights.items() if w > 0}
    notes = defaults.notes if used == defaults.spec_weights else ()
    return RankSpec(weights=dict(state.weights), normalisation=state.normalisation,
                    include_kelurahan=state.include_kelurahan, area=area or None,
                    defaults=notes)


def rank_area(view: View) -> str | None:
    """The area a view ranks within (``None``: the whole dataset)."""
    return view.kode or None


@dataclass(frozen=True)
class WeightRow:
    """One weight slider."""

    kolom: str
    label: str
    weight: float
    share: float | None
    lower: bool
    role: str | None


def indicator_label(dataset: LoadedDataset, kolom: str, lang: str) -> str:
    """An indicator's label, with its register when the dataset has several."""
    from layers.ranking import indicator_info

    info = dataset.indicator(kolom)
    if info is None:
        i = indicator_info(kolom, dataset.meta)
        return str(i["label_en" if lang == "en" else "label_id"] or kolom)
    several = len({i.register for i in dataset.indicators if i.register}) > 1
    if several and info.register:
        return f"{dataset.register_label(info.register, lang)} · {info.label(lang)}"
    return info.label(lang)


def weight_rows(dataset: LoadedDataset, state: RankState, defaults: RankDefaults, *,
                lang: str) -> list[WeightRow]:
    """The sliders: every weighted column, with its share of the total weight."""
    from layers.ranking import default_direction

    roles = {n["kolom"]: n["label_en" if lang == "en" else "label_id"]
             for n in defaults.notes if n.get("kolom")}
    return [WeightRow(kolom=k, label=indicator_label(dataset, k, lang), weight=w, share=share,
                      lower=default_direction(k) == "lower", role=roles.get(k))
            for (k, w), share in zip(state.weights.items(), weight_shares(state))]


def default_notes(defaults: RankDefaults, *, lang: str) -> list[tuple[str, str, bool]]:
    """``(role, note, available)`` for every documented default, in the documented order."""
    en = lang == "en"
    return [(n["label_en" if en else "label_id"], n["catatan_en" if en else "catatan_id"],
             bool(n.get("tersedia"))) for n in defaults.notes]


def addable_indicators(dataset: LoadedDataset, desa: pd.DataFrame, state: RankState, *,
                       lang: str) -> list[dict]:
    """Indicators that can get a slider: available, with values, not already weighted."""
    return [{"label": indicator_label(dataset, i.kolom, lang), "value": i.kolom}
            for i in dataset.indicators
            if i.kolom not in state.weights and _rankable(dataset, desa, i.kolom)]


@dataclass(frozen=True)
class RankControls:
    """What the weight controls draw: the sliders, the options, the notes on the defaults,
    the error of an unusable link, and the indicators that can still be added."""

    state: RankState
    rows: list[WeightRow]
    notes: list[tuple[str, str, bool]]
    error: str | None
    addable: list[dict]


def rank_controls(computed, dataset: LoadedDataset, *, trigger, asked, current, add,
                  lang: str) -> RankControls:
    """The controls after ``trigger`` (the id that changed): the reset button gives the
    defaults, the URL hash (or a first call) gives what it asks for, or the defaults with the
    reason it was refused; adding an indicator gives it weight 1.

    ``computed`` is the app's :class:`~dashboard.model.cache.Computed`.
    """
    desa, defaults = computed.ranking_base(dataset)
    error = None
    if trigger == ids.RANK_RESET:
        state = RankState(weights=dict(defaults.weights))
    elif trigger == ids.RANK_HASH or current is None:
        state, err = computed.rank_state(dataset, asked)
        if err is not None:
            error = t("rank.hash_error", lang, message=err.en_msg if lang == "en" else err.id_msg)
    else:
        state, _ = computed.rank_state(dataset, current)
    if trigger == ids.RANK_ADD and add:
        options = {o["value"] for o in addable_indicators(dataset, desa, state, lang=lang)}
        if add in options:
            state = RankState(weights={**state.weights, add: 1.0},
                              normalisation=state.normalisation,
                              include_kelurahan=state.include_kelurahan)
    return RankControls(state=state, rows=weight_rows(dataset, state, defaults, lang=lang),
                        notes=default_notes(defaults, lang=lang), error=error,
                        addable=addable_indicators(dataset, desa, state, lang=lang))
