"""What a build reads: :class:`BuildSpec`, the one list of build inputs, and its descriptors.

The command line (``python -m layers build``) generates its options from :func:`build_inputs`,
and so can the browser import form: an input added here appears in both.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["BuildInput", "BuildSpec", "build_inputs"]

#: how an input is given: one file, several files (or folders, zips), or a line of text
InputKind = Literal["file", "files", "text"]
PathLike = str | os.PathLike


@dataclass(frozen=True)
class BuildInput:
    """Description of one input of a build, for the people giving it.

    Attributes
    ----------
    name
        Field name in :class:`BuildSpec` (English, as the code says it).
    option
        Command-line option (``--boundaries``).
    kind
        ``file`` (one path), ``files`` (several paths; the option may be repeated) or ``text``.
    required
        A build cannot run without it.
    label_id, label_en
        Short label (form field title) in Bahasa Indonesia and English.
    help_id, help_en
        One line of help in Bahasa Indonesia (the command line's ``--help``) and English.
    """

    name: str
    option: str
    kind: InputKind
    required: bool
    label_id: str
    label_en: str
    help_id: str
    help_en: str


def _input(kind: InputKind, label_id: str, label_en: str, help_id: str, help_en: str, *,
           required: bool = False) -> Any:
    """A :class:`BuildSpec` field carrying its :class:`BuildInput` (name and option filled in
    by :func:`build_inputs`); optional inputs default to nothing."""
    meta = {"input": dict(kind=kind, required=required, label_id=label_id,
                          label_en=label_en, help_id=help_id, help_en=help_en)}
    if required:
        return field(metadata=meta)
    return field(default=() if kind == "files" else None, metadata=meta)


@dataclass(frozen=True)
class BuildSpec:
    """Every input of one build: the files and values a user gives, nothing else.

    Contract
    --------
    - One field per user-given input, in the order users see them: the command-line options
      of ``python -m layers build`` (before ``--out``) and the fields of the import form are
      generated from these fields, in this order (:func:`build_inputs`). Adding an input means
      adding a field here, with its :class:`BuildInput` metadata, and using it in
      :func:`layers.build.build`; the command line follows by itself.
    - Not in the spec: where the dataset goes (``out``), the thresholds
      (:class:`layers.settings.Settings`), registers already read (``registers=``) and
      entries of an existing dataset directory carried over (``keep=``); those are arguments
      of :func:`layers.build.build`.
    - ``file`` inputs hold one path as given (``str`` or path-like) or ``None``; ``files``
      inputs hold a tuple of paths (a list, one path or ``None`` given are stored as a tuple);
      ``text`` inputs hold a ``str`` or ``None``.
    - The spec reads and checks nothing: :func:`layers.build.build` refuses a bad input with a
      bilingual :class:`layers.errors.InputError` (period format, missing file, ...).
    - Frozen: a spec can be kept, compared and reused for a rerun
      (``dataclasses.replace(spec, mapping=...)``).

    Attributes
    ----------
    boundaries
        Boundary file (GeoPackage, zipped Shapefile, GeoJSON, GeoParquet).
    households
        Files, folders or zips; grouped by detected layout, one register per layout.
    mapping
        Mapping CSV pinning name decisions (see :func:`layers.matching.read_mapping`).
    period
        Data period ``YYYY-MM``.
    area
        Keep only this area of the boundary file (e.g. ``33.16``).
    crs
        CRS of a boundary file that has none.
    codes
        Code table for a boundary file with names only (``kode_wilayah_kemendagri_2025.csv``
        layout).
    crosswalk
        BPS -> Kemendagri crosswalk for DTSEN files (else the boundary file's BPS column).
    population
        Population table per desa: gives ``kk_total`` / ``jiwa_total`` and the rates over them.
    idm
        IDM table (layout of ``idm_2024_desa_indonesia.csv``).
    extra
        Per-desa tables of numbers kept as optional indicators.
    geotag
        Geotagged household points (lat/lon tables or a point layer): ``kk_geotag`` per desa;
        coordinates are dropped after the join.
    """

    boundaries: PathLike = _input(
        "file", "Batas desa", "Desa boundaries",
        "berkas batas desa (GPKG, SHP zip, GeoJSON, GeoParquet)",
        "desa boundary file (GPKG, zipped SHP, GeoJSON, GeoParquet)", required=True)
    households: tuple[PathLike, ...] = _input(
        "files", "Register rumah tangga", "Household registers",
        "berkas, folder atau zip register (boleh diulang)",
        "register files, folders or zips (may be repeated)", required=True)
    mapping: PathLike | None = _input(
        "file", "Pemetaan nama", "Name mapping",
        "CSV pemetaan nama (tingkat,induk_kode,input_nama,kode)",
        "name mapping CSV (tingkat,induk_kode,input_nama,kode)")
    period: str | None = _input(
        "text", "Periode data", "Data period", "periode data YYYY-MM", "data period YYYY-MM")
    area: str | None = _input(
        "text", "Wilayah", "Area", "hanya wilayah ini, mis. 33.16",
        "only this area, e.g. 33.16")
    crs: str | None = _input(
        "text", "CRS batas", "Boundary CRS",
        "CRS untuk berkas batas tanpa CRS, mis. EPSG:32749",
        "CRS of a boundary file without one, e.g. EPSG:32749")
    codes: PathLike | None = _input(
        "file", "Tabel kode wilayah", "Area code table",
        "tabel kode Kemendagri untuk berkas batas yang hanya bernama",
        "Kemendagri code table for a boundary file with names only")
    crosswalk: PathLike | None = _input(
        "file", "Padanan kode BPS", "BPS code crosswalk",
        "CSV padanan kode BPS -> Kemendagri (untuk DTSEN)",
        "BPS -> Kemendagri code crosswalk CSV (for DTSEN)")
    population: PathLike | None = _input(
        "file", "Tabel penduduk", "Population table",
        "tabel penduduk per desa (kk_total, jiwa_total)",
        "population table per desa (kk_total, jiwa_total)")
    idm: PathLike | None = _input(
        "file", "Indeks Desa Membangun (IDM)", "Village Development Index (IDM)",
        "tabel IDM per desa (tata letak idm_2024_desa_indonesia.csv)",
        "IDM table per desa (layout of idm_2024_desa_indonesia.csv)")
    extra: tuple[PathLike, ...] = _input(
        "files", "Tabel angka tambahan", "Extra tables of numbers",
        "tabel angka per desa (boleh diulang)", "table of numbers per desa (may be repeated)")
    geotag: tuple[PathLike, ...] = _input(
        "files", "Titik rumah tangga", "Household points",
        "titik rumah tangga (lat/lon atau layer titik; boleh diulang)",
        "household points (lat/lon or a point layer; may be repeated)")

    def __post_init__(self) -> None:
        for item in build_inputs():
            if item.kind == "files":
                object.__setattr__(self, item.name, _as_tuple(getattr(self, item.name)))

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> BuildSpec:
        """A spec from a mapping holding (at least) the inputs by field name, e.g. parsed
        command-line options or a submitted form; other keys are ignored."""
        return cls(**{item.name: values[item.name] for item in build_inputs()
                      if item.name in values})


def build_inputs() -> tuple[BuildInput, ...]:
    """Descriptors of the inputs of a build, in the order of :class:`BuildSpec`."""
    return _INPUTS


def _as_tuple(value: Any) -> tuple:
    if value is None:
        return ()
    if isinstance(value, (str, os.PathLike)):
        return (value,)
    return tuple(value)


_INPUTS: tuple[BuildInput, ...] = tuple(
    BuildInput(name=f.name, option="--" + f.name, **f.metadata["input"])
    for f in dataclasses.fields(BuildSpec))
