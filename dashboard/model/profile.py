"""The profile of one desa: per register, its figures beside its kecamatan and kabupaten."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from dashboard.dataset import IndicatorInfo, LoadedDataset
from dashboard.i18n import number, t
from dashboard.model.choropleth import unit_of
from dashboard.model.classify import rank_within
from dashboard.model.reasons import empty_reason, is_missing
from dashboard.model.routes import route


@dataclass(frozen=True)
class ProfileRow:
    """One indicator of a desa beside its kecamatan and kabupaten."""

    kolom: str
    label: str
    kind: str
    desa: str
    kec: str
    kab: str
    rank: str
    reason: str | None
    desa_value: float | None
    kec_value: float | None = None
    kab_value: float | None = None


@dataclass(frozen=True)
class ProfileSection:
    """One register (or the area's own data) in a desa profile."""

    register: str
    label: str
    groups: list[tuple[str, list[ProfileRow]]]
    desil: dict[str, list[float | None]] | None
    subdesa: pd.DataFrame
    unavailable: list[tuple[str, str]]

    @property
    def rows(self) -> list[ProfileRow]:
        return [r for _, rows in self.groups for r in rows]

    @property
    def rates(self) -> list[ProfileRow]:
        return [r for r in self.rows if r.kind == "rate"]

    @property
    def has_housing(self) -> bool:
        return any(key == "profile.group.housing" for key, _ in self.groups)


@dataclass(frozen=True)
class Profile:
    kode: str
    nama: str
    jenis: str
    kec: str
    kab: str
    sections: list[ProfileSection] = field(default_factory=list)

    @property
    def has_housing(self) -> bool:
        return any(s.has_housing for s in self.sections)


#: how the profile groups indicators (names without register prefix); others go last
PROFILE_GROUPS = (
    ("profile.group.main", ("kk_terdaftar", "jiwa_terdaftar", "persen_terdaftar", "kk_per_km2",
                            "kk_total", "jiwa_total", "jiwa_per_km2", "kk_geotag")),
    ("profile.group.desil", ("kk_desil_1", "kk_desil_2", "kk_desil_3", "kk_desil_4",
                             "kk_miskin_ekstrem", "persen_desil_1", "persen_miskin_ekstrem")),
    ("profile.group.programmes", ("kk_pkh", "kk_bpnt", "kk_pbi", "persen_pkh", "persen_bpnt",
                                  "persen_pbi")),
    ("profile.group.targeting", ("kk_desil_1_4_tanpa_bansos", "persen_tanpa_bansos",
                                 "kk_inklusi", "persen_inklusi")),
    ("profile.group.housing", ("kk_lantai_tanah", "kk_dinding_buruk", "kk_atap_buruk",
                               "kk_tanpa_listrik", "kk_air_tidak_layak", "kk_tanpa_jamban",
                               "kk_kayu_bakar", "kk_deprivasi", "persen_deprivasi")),
)


@dataclass(frozen=True)
class _Place:
    """A desa with the rows it is compared with (one profile's shared inputs)."""

    kode: str
    row: pd.Series
    kec: pd.Series
    kab: pd.Series
    siblings: pd.DataFrame


def profile(dataset: LoadedDataset, kode: str, *, lang: str) -> Profile | None:
    """The profile of desa ``kode``: per register (and the area's own data, such as the
    population table or IDM), its figures beside its kecamatan and kabupaten."""
    desa = dataset.frames["desa"]
    if kode not in desa.index:
        return None
    place = _place(dataset, kode)
    registers = list(dict.fromkeys(i.register for i in dataset.indicators))
    registers.sort(key=lambda r: r == "")  # the area's own data after the registers
    sections = [_section(dataset, register, place, lang) for register in registers]
    row = place.row
    return Profile(kode=kode, nama=str(row.get("nama_desa", kode)),
                   jenis=str(row.get("jenis", "desa") or "desa"),
                   kec=str(row.get("nama_kec", kode[:6])), kab=str(row.get("nama_kab", kode[:4])),
                   sections=sections)


def _place(dataset: LoadedDataset, kode: str) -> _Place:
    desa = dataset.frames["desa"]
    kec_code, kab_code = kode[:6], kode[:4]
    kec = dataset.frames["kecamatan"].loc[kec_code] \
        if kec_code in dataset.frames["kecamatan"].index else pd.Series(dtype=object)
    kab = dataset.frames["kabupaten"].loc[kab_code] \
        if kab_code in dataset.frames["kabupaten"].index else pd.Series(dtype=object)
    return _Place(kode=kode, row=desa.loc[kode], kec=kec, kab=kab,
                  siblings=desa[desa.index.str.startswith(kec_code)])


def _section(dataset: LoadedDataset, register: str, place: _Place,
             lang: str) -> ProfileSection:
    inds = [i for i in dataset.indicators if i.register == register]
    available = [i for i in inds if i.tersedia]
    unavailable = [(i.label(lang), i.reason(lang) or t("reason.unavailable", lang))
                   for i in inds if not i.tersedia]
    sub = dataset.subdesa_of(place.kode, register) if register else pd.DataFrame()
    label = dataset.register_label(register, lang) if register else t("profile.global", lang)
    return ProfileSection(register=register, label=label,
                          groups=_groups(dataset, available, place, lang),
                          desil=_desil(available, place, lang), subdesa=sub,
                          unavailable=unavailable)


def _groups(dataset: LoadedDataset, available: list[IndicatorInfo], place: _Place,
            lang: str) -> list[tuple[str, list[ProfileRow]]]:
    """The available indicators in :data:`PROFILE_GROUPS` order, the others last."""
    def make(i):
        return _profile_row(i, place, dataset, lang)

    placed: set[str] = set()
    groups = []
    for key, names in PROFILE_GROUPS:
        members = [i for n in names for i in available if i.nama == n]
        placed |= {i.kolom for i in members}
        if members:
            groups.append((key, [make(i) for i in members]))
    rest = [i for i in available if i.kolom not in placed]
    if rest:
        groups.append(("profile.group.other", [make(i) for i in rest]))
    return groups


def _desil(available: list[IndicatorInfo], place: _Place,
           lang: str) -> dict[str, list[float | None]] | None:
    """Per level, the share of registered households in desil 1 .. 4 (``None`` without them)."""
    by_name = {i.nama: i for i in available}
    names = [f"kk_desil_{d}" for d in range(1, 5)]
    if not (all(n in by_name for n in names) and "kk_terdaftar" in by_name):
        return None
    desil = {}
    for label, src in ((t("level.desa", lang), place.row), (t("level.kecamatan", lang), place.kec),
                       (t("level.kabupaten", lang), place.kab)):
        total = _num(src.get(by_name["kk_terdaftar"].kolom))
        desil[label] = [None if total in (None, 0) or _num(src.get(by_name[n].kolom)) is None
                        else 100.0 * _num(src.get(by_name[n].kolom)) / total
                        for n in names]
    return desil


def _profile_row(info: IndicatorInfo, place: _Place, dataset: LoadedDataset,
                 lang: str) -> ProfileRow:
    row, kec, kab = place.row, place.kec, place.kab
    if info.jenis == "category":
        text = number(row.get(info.kolom), kind="category", lang=lang)
        reason = empty_reason(row, info, dataset, lang=lang) if text == "–" else None
        return ProfileRow(kolom=info.kolom, label=info.label(lang), kind=info.jenis, desa=text,
                          kec=number(kec.get(info.kolom), kind="category", lang=lang),
                          kab=number(kab.get(info.kolom), kind="category", lang=lang),
                          rank="", reason=reason, desa_value=None)
    # number() writes the % of a rate itself
    unit = unit_of(info, lang) if info.jenis in ("density", "score") else None
    v = _num(row.get(info.kolom))
    kv, bv = _num(kec.get(info.kolom)), _num(kab.get(info.kolom))
    reason = None if v is not None else empty_reason(row, info, dataset, lang=lang)
    return ProfileRow(kolom=info.kolom, label=info.label(lang), kind=info.jenis,
                      desa=number(v, kind=info.jenis, lang=lang, unit=unit),
                      kec=number(kv, kind=info.jenis, lang=lang, unit=unit),
                      kab=number(bv, kind=info.jenis, lang=lang, unit=unit),
                      rank=_rank_text(info, v, place, lang), reason=reason, desa_value=v,
                      kec_value=kv, kab_value=bv)


def _rank_text(info: IndicatorInfo, v: float | None, place: _Place, lang: str) -> str:
    """``"3 dari 12"``: the desa's rank among the desa of its kecamatan (``""`` without)."""
    siblings = place.siblings
    if v is None or info.kolom not in siblings:
        return ""
    ranks = rank_within(siblings[info.kolom], [place.kode[:6]] * len(siblings))
    r = ranks.iloc[list(siblings.index).index(place.kode)]
    if r is pd.NA:
        return ""
    return t("profile.rank_of", lang, rank=int(r), n=int(ranks.notna().sum()))


def _num(v) -> float | None:
    if is_missing(v):
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def path_profile(dataset: LoadedDataset, pathname: str | None, *,
                 lang: str) -> Profile | None:
    """The profile of the desa a path selects (``None``: no desa selected)."""
    view = route(dataset, pathname).view
    if view is None or not view.selected:
        return None
    return profile(dataset, view.selected, lang=lang)
