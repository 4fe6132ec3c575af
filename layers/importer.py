"""Import from the browser: upload, check, resolve names, rerun, publish (data side of issue 5).

One import lives in ``staging/<token>/`` of a :class:`layers.datasets.DatasetStore`::

    staging/<token>/.raw-XXXX/     household uploads, mode 0700; exists only while a build
                                   runs and is deleted in a ``finally`` (success or failure)
    staging/<token>/boundary/      the boundary upload (public geodata, no personal value),
                                   kept for reruns until the import is published or discarded
    staging/<token>/inputs/        what a rerun needs, nothing personal: the households as the
                                   register reader left them (no personal column, no hash) as
                                   Parquet, the rejected and warning rows (file, row, column,
                                   reason, area as written) and the reader's counts
    staging/<token>/dataset/       the build being checked (a complete dataset directory)
    staging/<token>/report.json    the check report of that build

The raw household files are never kept: a rerun after names are resolved re-matches the
reduced households (:meth:`ImportSession.rerun`), with the same :func:`layers.build.build`.
Nothing personal is logged: log lines carry counts, file names, layouts and codes only.

A Dash page calls, one per callback: :meth:`ImportSession.inspect` (types and layouts shown
before building), :meth:`ImportSession.run_build` (a background callback; ``progress`` feeds its
progress bar), :meth:`ImportSession.report`, :meth:`ImportSession.resolve` then
:meth:`ImportSession.rerun`, :meth:`ImportSession.rejected_csv` (download),
:meth:`ImportSession.publish` or :meth:`ImportSession.discard`. The session is reopened in each
callback from its token: ``ImportSession(store, token)``.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import io
import json
import logging
import os
import re
import shutil
import tempfile
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd

from .codes import LEVELS, compact, level_of, normalize_kode, parse_name
from .datasets import DatasetStore, FileLock
from .errors import InputError
from .settings import DEFAULT, Settings
from .tabular import skipped_member

__all__ = ["CheckReport", "ImportFailed", "ImportSession", "MAX_UNZIPPED_BYTES", "check_report",
           "MAX_UPLOAD_BYTES", "STEPS", "Upload", "parse_candidates", "sniff_upload"]

log = logging.getLogger(__name__)

#: largest import accepted (all files of one import together, and so each file): settings
MAX_UPLOAD_BYTES = DEFAULT.max_upload_bytes
#: largest uncompressed content of the zips of one import (guards against zip bombs)
MAX_UNZIPPED_BYTES = DEFAULT.max_unzipped_bytes
#: rejected rows put into the check report (the download has all of them)
MAX_REJECTED_ROWS = 1000

#: progress steps: key -> (Bahasa Indonesia, English)
STEPS: dict[str, tuple[str, str]] = {
    "simpan": ("Menyimpan unggahan sementara", "Saving the uploads temporarily"),
    "deteksi": ("Mengenali layout register", "Detecting the register layouts"),
    "bangun": ("Membangun dataset", "Building the dataset"),
    "hapus": ("Menghapus berkas unggahan", "Deleting the uploaded files"),
    "periksa": ("Menyusun ringkasan pemeriksaan", "Preparing the check summary"),
    "selesai": ("Selesai", "Done"),
}

CheckReport = dict[str, Any]
"""The check summary of a staged build (plain dict, JSON-serialisable, nothing personal).

Keys: ``token``; ``periode``; ``wilayah``; ``batas_wilayah`` (``file``, ``layout``, ``desa``,
``qa`` counts); ``files`` (per upload ``nama``, ``peran``, ``jenis``, ``bytes``, ``layout``,
``register``); ``registers`` (per register ``register``, ``layout``, ``label_id``,
``label_en``, ``files`` (name, rows), ``rows_read``, ``duplicates``, ``rejected``, ``kept``,
``persons``, ``match_rate``, ``households_unresolved``, ``households_outside_area``,
``names_to_review``, ``kecamatan_tanpa_data`` as ``[{kode, nama}]``, ``programmes``);
``indikator_tidak_tersedia`` (``kolom``, ``register``, ``label_id``, ``label_en``,
``alasan_id``, ``alasan_en``); ``rejected`` (``jumlah``, ``terpotong``, ``kolom``, ``baris``:
records ``register, file, row, kolom, alasan, prov, kab, kec, desa, kode``); ``review``
(one entry per decision: ``kunci``, ``tingkat``, ``induk_kode``, ``induk_nama``,
``input_nama``, ``input_kode``, ``metode``, ``skor``, ``jumlah_baris``, ``per_register``,
``kandidat`` as ``[{kode, nama, skor}]``, ``catatan``, ``dapat_dipetakan``); ``mapping``
(entries in the store's mapping file).
"""

_RAW_PREFIX = ".raw-"
_BOUNDARY_SUFFIXES = {"geojson": (".geojson", ".json"), "gpkg": (".gpkg",),
                      "geoparquet": (".parquet", ".geoparquet"), "shp_zip": (".zip",),
                      "zip": (".zip",)}
#: signatures of binary formats that could otherwise pass the control-character test
_BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"%PDF-", b"\x1f\x8b",
                 b"7z\xbc\xaf", b"Rar!\x1a", b"\x7fELF")
_CANDIDATE = re.compile(r"^(?P<nama>.+?) \((?P<kode>\d+)\) (?P<skor>\d+(?:\.\d+)?)$")


class ImportFailed(InputError):
    """A build that failed for a reason other than a refused input (a bug); no details leak."""


# --------------------------------------------------------------------------------------------
# uploads
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Upload:
    """One uploaded file: the name the browser gave and its bytes."""

    name: str
    content: bytes

    @classmethod
    def from_data_url(cls, name: str, data_url: str, *,
                      max_bytes: int = MAX_UPLOAD_BYTES) -> Upload:
        """Decode what ``dcc.Upload`` hands over (``data:<type>;base64,<data>``).

        The size is checked before decoding; the MIME type the browser guessed is ignored.
        """
        safe = _safe_name(name)
        payload = data_url.split(",", 1)[1] if "," in data_url[:200] else data_url
        if len(payload) * 3 // 4 > max_bytes:
            raise _too_big(safe, len(payload) * 3 // 4, max_bytes)
        try:
            content = base64.b64decode(payload, validate=False)
        except (binascii.Error, ValueError):
            raise InputError("Unggahan rusak (bukan base64).", "Broken upload (not base64).",
                             file=safe) from None
        return cls(name=name, content=content)


def sniff_upload(upload: Upload | tuple[str, bytes], *, role: str,
                 max_bytes: int = MAX_UPLOAD_BYTES,
                 max_unzipped_bytes: int = MAX_UNZIPPED_BYTES) -> str:
    """Type of an upload from its content (the file name is not trusted).

    Parameters
    ----------
    upload
        The file.
    role
        ``boundaries`` (GeoJSON, GeoPackage, zip with a Shapefile / GeoPackage / GeoJSON,
        GeoParquet) or ``households`` (CSV / text table, XLSX, XLS, zip of those).

    Returns
    -------
    str
        ``geojson``, ``gpkg``, ``shp_zip``, ``zip``, ``geoparquet`` (boundaries) or ``csv``,
        ``xlsx``, ``xls``, ``zip`` (households).

    Raises
    ------
    InputError
        Too large, empty, or not a type of that role: bilingual, naming the file.
    """
    up = _as_upload(upload)
    name = _safe_name(up.name)
    if len(up.content) > max_bytes:
        raise _too_big(name, len(up.content), max_bytes)
    if not up.content:
        raise InputError("Berkas kosong.", "The file is empty.", file=name)
    if role == "boundaries":
        kind = _boundary_kind(up.content, name, max_unzipped_bytes)
        if kind is None:
            raise InputError(
                "Jenis berkas batas tidak dikenali dari isinya: harus GeoJSON, GeoPackage, "
                "Shapefile dalam zip, atau GeoParquet.",
                "Boundary file type not recognised from its content: it must be GeoJSON, "
                "GeoPackage, a zipped Shapefile or GeoParquet.", file=name)
        return kind
    if role == "households":
        kind = _household_kind(up.content, name, max_unzipped_bytes)
        if kind is None:
            raise InputError(
                "Jenis berkas rumah tangga tidak dikenali dari isinya: harus CSV, XLSX, XLS "
                "atau zip berisi berkas tersebut.",
                "Household file type not recognised from its content: it must be CSV, XLSX, "
                "XLS or a zip of those.", file=name)
        return kind
    raise ValueError(f"unknown role {role!r}")


# --------------------------------------------------------------------------------------------
# the session
# --------------------------------------------------------------------------------------------

class ImportSession:
    """One import: uploads -> staged build -> check report -> name decisions -> publish.

    Parameters
    ----------
    store
        The dataset store (its ``mapping.csv`` is used and edited).
    token
        Reopen an existing import (Dash callbacks keep only the token); ``None`` starts one.
    settings
        Passed to the build.
    max_bytes, max_unzipped_bytes
        Size limits of one import (defaults :data:`MAX_UPLOAD_BYTES`,
        :data:`MAX_UNZIPPED_BYTES`).
    """

    def __init__(self, store: DatasetStore, token: str | None = None, *,
                 settings: Settings = DEFAULT, max_bytes: int = MAX_UPLOAD_BYTES,
                 max_unzipped_bytes: int = MAX_UNZIPPED_BYTES):
        self.store = store
        self.token = token if token is not None else store.new_staging()
        self.staging = store.staging_dir(self.token)
        self.settings = settings
        self.max_bytes = max_bytes
        self.max_unzipped_bytes = max_unzipped_bytes

    @property
    def dataset_dir(self) -> Path:
        """The staged build (``staging/<token>/dataset``)."""
        return self.staging / "dataset"

    @property
    def inputs_dir(self) -> Path:
        return self.staging / "inputs"

    # -- step 1: what was uploaded -----------------------------------------------------------

    def inspect(self, *, boundaries: Upload | None = None,
                households: Sequence[Upload] = ()) -> dict[str, Any]:
        """Type of every upload and layout of every household file, before building.

        The household files are written into the private temporary folder for the layout
        check and deleted before this returns.

        Returns
        -------
        dict
            ``ok`` (every file usable) and ``files``: per upload ``nama``, ``peran``
            (``batas`` / ``rumah_tangga``), ``bytes``, ``jenis`` (sniffed type), ``layout``,
            ``register``, ``label_id``, ``label_en`` (households) and, when refused,
            ``galat`` (the bilingual message).
        """
        from .indicators import REGISTER_LABEL, REGISTER_OF_LAYOUT
        from .registers import sniff_layout

        uploads = self._uploads(boundaries, households, require=False)
        files: list[dict[str, Any]] = []
        with self._raw_dir() as raw:
            for role, up, name in uploads:
                entry: dict[str, Any] = {"nama": name, "peran": _ROLE_LABEL[role],
                                         "bytes": len(up.content)}
                try:
                    entry["jenis"] = sniff_upload(up, role=role, max_bytes=self.max_bytes,
                                                  max_unzipped_bytes=self.max_unzipped_bytes)
                    if role == "households":
                        path = _write_private(raw / name, up.content)
                        layout = sniff_layout(path, settings=self.settings)
                        register = REGISTER_OF_LAYOUT[layout]
                        entry.update(layout=layout, register=register,
                                     label_id=REGISTER_LABEL[register][0],
                                     label_en=REGISTER_LABEL[register][1])
                except InputError as err:
                    entry["galat"] = str(err)
                    log.info("import %s: %s refused (%s)", self.token, name,
                             type(err).__name__)
                files.append(entry)
        for entry in files:
            if "layout" in entry:
                log.info("import %s: %s is %s, layout %s", self.token, entry["nama"],
                         entry["jenis"], entry["layout"])
        return {"ok": all("galat" not in f for f in files), "files": files}

    # -- step 2: build and check -------------------------------------------------------------

    def run_build(self, *, boundaries: Upload | tuple[str, bytes],
                  households: Sequence[Upload | tuple[str, bytes]], period: str,
                  area: str | None = None, crs: str | None = None,
                  progress: Callable[[int, int, str], None] | None = None,
                  debug: bool = False) -> CheckReport:
        """Build the uploads into ``staging/<token>/dataset`` and return the check report.

        The household uploads go into a private temporary folder (mode 0700) inside the
        staging folder and are deleted in a ``finally`` right after the build, whether it
        succeeded or not. The reduced households (no personal column, no hash) are kept in
        ``inputs/`` for :meth:`rerun`.

        Parameters
        ----------
        boundaries, households
            The uploads (type sniffed from content, size limited).
        period
            Data period ``YYYY-MM`` (the version id when published).
        area, crs
            As for :func:`layers.build.build`.
        progress
            Called as ``progress(step, total, key)`` with a key of :data:`STEPS`.
        debug
            Re-raise an internal error as is instead of :class:`ImportFailed`.

        Raises
        ------
        InputError
            A refused upload or input (bilingual, naming the file); the staged build of an
            earlier run, if any, is left as it was.
        """
        from .build import build

        if not period:
            raise InputError("Periode data wajib diisi (YYYY-MM, mis. 2026-10).",
                             "The data period is required (YYYY-MM, e.g. 2026-10).",
                             column="periode")
        uploads = self._uploads(boundaries, households, require=True)
        kinds = {name: sniff_upload(up, role=role, max_bytes=self.max_bytes,
                                    max_unzipped_bytes=self.max_unzipped_bytes)
                 for role, up, name in uploads}
        tick = _ticker(progress, 6)
        started = time.monotonic()
        with (self._building(), _logged_failure(self.token, debug),
              self._new_boundary(uploads[0], kinds[uploads[0][2]]) as boundary_path):
            tick("simpan")
            files = [{"nama": name, "peran": _ROLE_LABEL[role], "jenis": kinds[name],
                      "bytes": len(up.content)} for role, up, name in uploads]
            with self._raw_dir() as raw:
                paths = [_write_private(raw / name, up.content) for _, up, name in uploads[1:]]
                log.info("import %s: boundaries %s (%s), %d household files, %d bytes",
                         self.token, uploads[0][2], kinds[uploads[0][2]], len(paths),
                         sum(len(up.content) for _, up, _ in uploads[1:]))
                tick("deteksi")
                self._note_layouts(files[1:], paths)
                tick("bangun")
                result = build(boundaries=boundary_path, households=paths,
                               out=self.dataset_dir, mapping=self._mapping(), period=period,
                               area=area, crs=crs, settings=self.settings)
                tick("hapus")
            log.info("import %s: raw uploads removed (%d files)", self.token, len(paths))
            tick("periksa")
            _save_inputs(self.inputs_dir, result, boundary=boundary_path.name, period=period,
                         area=area, crs=crs, files=files)
            report = self._write_report(files)
        log.info("import %s: build done in %.1f s: %s", self.token,
                 time.monotonic() - started, _counts_line(report))
        tick("selesai")
        return report

    def rerun(self, *, progress: Callable[[int, int, str], None] | None = None,
              debug: bool = False) -> CheckReport:
        """Build again from the kept inputs with the store's current mapping.

        Used after :meth:`resolve`: the raw uploads are gone, the reduced households are
        matched again and the staged build is replaced (atomically).
        """
        tick = _ticker(progress, 3)
        session = _read_json(self.inputs_dir / "session.json")
        if session is None:
            raise InputError("Belum ada hasil bangun untuk dibangun ulang; unggah berkas dulu.",
                             "There is no build to run again; upload the files first.")
        started = time.monotonic()
        with self._building(), _logged_failure(self.token, debug):
            tick("bangun")
            _build_from_inputs(self.inputs_dir, session, out=self.dataset_dir,
                               mapping=self._mapping(), settings=self.settings)
            tick("periksa")
            report = self._write_report(session["files"])
        log.info("import %s: rebuilt in %.1f s: %s", self.token, time.monotonic() - started,
                 _counts_line(report))
        tick("selesai")
        return report

    def report(self) -> CheckReport:
        """The check report of the staged build (as the last build or rerun wrote it)."""
        report = _read_json(self.staging / "report.json")
        if report is None:
            raise InputError("Belum ada hasil bangun untuk diperiksa.",
                             "There is no build to check yet.")
        return report

    def rejected_csv(self) -> bytes:
        """``rejected.csv`` of the staged build, for download (no personal value in it)."""
        path = self.dataset_dir / "rejected.csv"
        if not path.is_file():
            raise InputError("Belum ada hasil bangun.", "There is no build yet.")
        return path.read_bytes()

    # -- step 3: names -----------------------------------------------------------------------

    def resolve(self, choices: Iterable[Sequence[Any] | dict[str, Any]]) -> int:
        """Save name decisions to the store's mapping file (then call :meth:`rerun`).

        Parameters
        ----------
        choices
            ``(tingkat, induk_kode, input_nama, kode)`` tuples or dicts with those keys, as the
            review list gives them; ``kode`` ``None`` / empty / ``-`` means "not in this area".
            A decision replaces an earlier one for the same name in the same parent.

        Returns
        -------
        int
            Decisions written.

        Raises
        ------
        InputError
            Unknown ``tingkat``, empty name, or a ``kode`` that is not an area of that level in
            the boundary file.
        """
        from .matching import MAPPING_COLUMNS, NOT_IN_AREA, read_mapping, write_mapping

        known = self._known_codes()
        rows = [_choice(c, known, NOT_IN_AREA) for c in choices]
        if not rows:
            return 0
        path = self.store.mapping_path
        with self.store.lock():
            if path.is_file():
                existing = read_mapping(path)[MAPPING_COLUMNS]
            else:
                existing = pd.DataFrame(columns=MAPPING_COLUMNS)
            new_keys = {_mapping_key(*r[:3]) for r in rows}
            keep = [not (_mapping_key(t, i, n) in new_keys)
                    for t, i, n in existing[["tingkat", "induk_kode", "input_nama"]].itertuples(
                        index=False)]
            kept = existing[pd.Series(keep, index=existing.index, dtype=bool)]
            merged = pd.concat([kept, pd.DataFrame(rows, columns=MAPPING_COLUMNS)],
                               ignore_index=True)
            write_mapping(merged, path)
        log.info("mapping: %d decisions saved (%d not in area); file has %d entries",
                 len(rows), sum(r[3] == NOT_IN_AREA for r in rows), len(merged))
        return len(rows)

    # -- step 4: publish ---------------------------------------------------------------------

    def publish(self) -> str:
        """Make the staged build the dataset served; returns the version id."""
        return self.store.publish(self.token)

    def discard(self) -> None:
        """Drop this import (raw uploads are already gone; the kept inputs go too)."""
        self.store.discard(self.token)

    # -- private steps ------------------------------------------------------------------------

    def _uploads(self, boundaries, households, *, require: bool) -> list[tuple[str, Upload, str]]:
        """``(role, upload, safe unique name)``, the boundary file first; total size checked."""
        hh = [_as_upload(u) for u in households]
        if require and boundaries is None:
            raise InputError("Berkas batas desa belum diunggah.",
                             "The desa boundary file has not been uploaded.")
        if require and not hh:
            raise InputError("Berkas rumah tangga belum diunggah.",
                             "No household file has been uploaded.")
        out, seen = [], set()
        items = ([("boundaries", _as_upload(boundaries))] if boundaries is not None else [])
        items += [("households", u) for u in hh]
        total = 0
        for role, up in items:
            name = _unique(_safe_name(up.name), seen)
            total += len(up.content)
            if total > self.max_bytes and len(up.content) <= self.max_bytes:
                raise InputError(
                    f"Unggahan terlalu besar bersama-sama: {_mb(total)} MB, batas "
                    f"{_mb(self.max_bytes)} MB untuk satu impor.",
                    f"The uploads are too large together: {_mb(total)} MB, the limit is "
                    f"{_mb(self.max_bytes)} MB for one import.", file=name)
            out.append((role, up, name))
        return out

    @contextlib.contextmanager
    def _raw_dir(self) -> Iterator[Path]:
        """A private folder (0700) for raw uploads, deleted on the way out whatever happens."""
        raw = Path(tempfile.mkdtemp(prefix=_RAW_PREFIX, dir=self.staging))
        os.chmod(raw, 0o700)
        try:
            yield raw
        finally:
            shutil.rmtree(raw, ignore_errors=True)
            if raw.exists():                              # pragma: no cover - e.g. Windows locks
                for p in sorted(raw.rglob("*"), reverse=True):
                    with contextlib.suppress(OSError):
                        p.unlink() if p.is_file() else p.rmdir()
                with contextlib.suppress(OSError):
                    raw.rmdir()

    @contextlib.contextmanager
    def _building(self) -> Iterator[None]:
        lock = FileLock(self.staging / ".lock")
        if not lock.acquire(blocking=False):
            raise InputError("Pembangunan dataset untuk impor ini sedang berjalan.",
                             "A build for this import is already running.")
        try:
            yield
        finally:
            lock.release()

    @contextlib.contextmanager
    def _new_boundary(self, item: tuple[str, Upload, str], kind: str) -> Iterator[Path]:
        """The boundary upload (public geodata, no personal value), kept for reruns.

        Written into a fresh folder; it replaces ``boundary/`` only when the block succeeds,
        so a failed second build leaves the first one's inputs whole. The extension follows
        the sniffed type (GDAL picks drivers by extension).
        """
        _, up, name = item
        suffixes = _BOUNDARY_SUFFIXES[kind]
        if not name.lower().endswith(suffixes):
            name = f"{name}{suffixes[0]}"
        tmp = Path(tempfile.mkdtemp(prefix=".boundary-", dir=self.staging))
        try:
            yield _write_private(tmp / name, up.content)
            target = self.staging / "boundary"
            shutil.rmtree(target, ignore_errors=True)
            tmp.rename(target)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def _note_layouts(self, files: list[dict[str, Any]], paths: list[Path]) -> None:
        from .indicators import REGISTER_OF_LAYOUT
        from .registers import sniff_layout

        for entry, path in zip(files, paths):
            layout = sniff_layout(path, settings=self.settings)
            entry.update(layout=layout, register=REGISTER_OF_LAYOUT[layout])
            log.info("import %s: %s is %s, layout %s", self.token, entry["nama"],
                     entry["jenis"], layout)

    def _mapping(self) -> Path | None:
        return self.store.mapping_path if self.store.mapping_path.is_file() else None

    def _write_report(self, files: list[dict[str, Any]]) -> CheckReport:
        report = check_report(self.dataset_dir, files=files, token=self.token,
                              mapping=self._mapping())
        _write_json(self.staging / "report.json", report)
        return report

    def _known_codes(self) -> dict[str, set[str]]:
        path = self.dataset_dir / "desa.parquet"
        if not path.is_file():
            raise InputError("Belum ada hasil bangun untuk ditinjau.",
                             "There is no build to review yet.")
        frame = _read_columns(path, ["kode_desa", "kode_kec", "kode_kab", "kode_prov"])
        return {"desa": set(frame["kode_desa"]), "kec": set(frame["kode_kec"]),
                "kab": set(frame["kode_kab"]), "prov": set(frame["kode_prov"])}


_ROLE_LABEL = {"boundaries": "batas", "households": "rumah_tangga"}


# --------------------------------------------------------------------------------------------
# check report
# --------------------------------------------------------------------------------------------

def check_report(dataset: str | os.PathLike, *, files: list[dict[str, Any]] | None = None,
                 token: str | None = None, mapping: str | os.PathLike | None = None,
                 max_rejected_rows: int = MAX_REJECTED_ROWS) -> CheckReport:
    """The check summary of a dataset directory (see :data:`CheckReport`)."""
    from .matching import REVIEW_METHODS

    dataset = Path(dataset)
    meta = _read_json(dataset / "meta.json") or {}
    names = _area_names(dataset / "desa.parquet")
    report = pd.read_csv(dataset / "match_report.csv", dtype=str, keep_default_na=False)
    review = report[report["metode"].isin(REVIEW_METHODS)]
    registers = []
    for reg in meta.get("registers", []):
        entry = {k: reg.get(k) for k in (
            "register", "layout", "label_id", "label_en", "rows_read", "duplicates", "rejected",
            "kept", "persons", "match_rate", "households_unresolved", "households_outside_area",
            "names_to_review", "programmes")}
        entry["files"] = [{"name": f.get("name"), "rows": f.get("rows")}
                          for f in reg.get("files", [])]
        entry["kecamatan_tanpa_data"] = [{"kode": k, "nama": names.get(k, "")}
                                         for k in reg.get("kecamatan_tanpa_data", [])]
        registers.append(entry)
    return _jsonable({
        "token": token,
        "periode": meta.get("periode"),
        "wilayah": meta.get("wilayah"),
        "batas_wilayah": {k: (meta.get("batas_wilayah") or {}).get(k)
                          for k in ("file", "layout", "desa", "area", "qa")},
        "files": files or [],
        "registers": registers,
        "indikator_tidak_tersedia": [
            {k: ind.get(k) for k in ("kolom", "register", "label_id", "label_en", "alasan_id",
                                     "alasan_en")}
            for ind in meta.get("indikator", []) if not ind.get("tersedia", True)],
        "rejected": _rejected_rows(dataset / "rejected.csv", max_rejected_rows),
        "review": _review_entries(review, names),
        "mapping": _mapping_size(mapping),
    })


def parse_candidates(text: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Split a ``kandidat`` cell (``"NAME (kode) score; ..."``) into candidates and notes.

    Returns
    -------
    (list of dict, list of str)
        Candidates ``{kode, nama, skor}`` in the order given (best first), and the pieces
        that are notes (``kode tidak valid / unusable code`` ...).
    """
    candidates, notes = [], []
    for piece in (p.strip() for p in str(text or "").split("; ")):
        if not piece:
            continue
        m = _CANDIDATE.match(piece)
        if m:
            candidates.append({"kode": m["kode"], "nama": m["nama"], "skor": float(m["skor"])})
        else:
            notes.append(piece)
    return candidates, notes


def _review_entries(review: pd.DataFrame, names: dict[str, str]) -> list[dict[str, Any]]:
    """One entry per decision (same level, parent, name and code), registers merged."""
    entries: dict[tuple, dict[str, Any]] = {}
    for rec in review.to_dict("records"):
        key = (rec["tingkat"], rec["induk_kode"], rec["input_nama"], rec["input_kode"])
        n = int(rec["jumlah_baris"] or 0)
        entry = entries.get(key)
        if entry is None:
            candidates, notes = parse_candidates(rec["kandidat"])
            skor = rec["skor"]
            entry = entries[key] = {
                "kunci": "|".join(key), "tingkat": rec["tingkat"],
                "induk_kode": rec["induk_kode"], "induk_nama": names.get(rec["induk_kode"], ""),
                "input_nama": rec["input_nama"], "input_kode": rec["input_kode"],
                "metode": rec["metode"], "skor": float(skor) if skor not in ("", "nan") else None,
                "jumlah_baris": 0, "per_register": {}, "kandidat": candidates,
                "catatan": notes, "dapat_dipetakan": bool(rec["input_nama"]),
            }
        entry["jumlah_baris"] += n
        reg = rec.get("register", "")
        entry["per_register"][reg] = entry["per_register"].get(reg, 0) + n
    order = {lvl: i for i, lvl in enumerate(LEVELS)}
    return sorted(entries.values(), key=lambda e: (order.get(e["tingkat"], 9), e["induk_kode"],
                                                   e["input_nama"], e["input_kode"]))


def _rejected_rows(path: Path, limit: int) -> dict[str, Any]:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    if "row" in frame:
        frame["row"] = pd.to_numeric(frame["row"], errors="coerce").astype("Int64")
    rows = [{k: (None if pd.isna(v) else (int(v) if k == "row" else v)) for k, v in r.items()}
            for r in frame.head(limit).to_dict("records")]
    return {"jumlah": int(len(frame)), "terpotong": bool(len(frame) > limit),
            "kolom": list(frame.columns), "baris": rows}


def _area_names(desa_path: Path) -> dict[str, str]:
    frame = _read_columns(desa_path, ["kode_desa", "nama_desa", "kode_kec", "nama_kec",
                                      "kode_kab", "nama_kab", "kode_prov", "nama_prov"])
    names: dict[str, str] = {}
    for lvl in ("prov", "kab", "kec", "desa"):
        pairs = frame[[f"kode_{lvl}", f"nama_{lvl}"]].drop_duplicates()
        names.update(zip(pairs.iloc[:, 0].astype(str), pairs.iloc[:, 1].astype(str)))
    return names


def _mapping_size(mapping) -> int:
    if not mapping or not Path(mapping).is_file():
        return 0
    from .matching import read_mapping
    try:
        return int(len(read_mapping(mapping)))
    except InputError:
        return 0


def _counts_line(report: CheckReport) -> str:
    return "; ".join(
        f"{r['register']} rows={r['rows_read']} kept={r['kept']} rejected={r['rejected']} "
        f"match={r['match_rate']} review={r['names_to_review']}" for r in report["registers"])


# --------------------------------------------------------------------------------------------
# kept inputs and the rerun
# --------------------------------------------------------------------------------------------

def _save_inputs(folder: Path, result, *, boundary: str, period: str | None, area, crs,
                 files: list[dict[str, Any]]) -> None:
    """Keep what a rerun needs, nothing personal: reduced households, rejected rows, counts."""
    from .registers import privacy

    tmp = Path(tempfile.mkdtemp(prefix=".inputs-", dir=folder.parent))
    try:
        registers = []
        for rb in result.registers:
            data = rb.data
            privacy.assert_clean([data.households, data.rejected, data.warnings])
            stem = data.layout
            data.households.to_parquet(tmp / f"{stem}.households.parquet", index=False)
            data.rejected.to_parquet(tmp / f"{stem}.rejected.parquet", index=False)
            data.warnings.to_parquet(tmp / f"{stem}.warnings.parquet", index=False)
            registers.append({"layout": data.layout, "programmes": list(data.programmes),
                              "stats": data.stats})
        _write_json(tmp / "session.json", {
            "boundary": boundary, "period": period, "area": area, "crs": crs,
            "registers": registers, "files": files})
        old = folder.with_name(".inputs.old")
        shutil.rmtree(old, ignore_errors=True)
        if folder.exists():
            folder.rename(old)
        tmp.rename(folder)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _load_registers(folder: Path, session: dict) -> list:
    from .registers import RegisterData

    out = []
    for reg in session["registers"]:
        stem = reg["layout"]
        out.append(RegisterData(
            layout=reg["layout"],
            households=pd.read_parquet(folder / f"{stem}.households.parquet"),
            programmes=list(reg["programmes"]), stats=reg["stats"],
            rejected=pd.read_parquet(folder / f"{stem}.rejected.parquet"),
            warnings=pd.read_parquet(folder / f"{stem}.warnings.parquet")))
    return out


def _build_from_inputs(folder: Path, session: dict, *, out: Path, mapping: Path | None,
                       settings: Settings):
    """Run :func:`layers.build.build` on the kept boundary file and the reduced households
    (``registers=``): the raw uploads are gone, the de-personalised frames stand for them."""
    from .build import build

    registers = _load_registers(folder, session)
    boundary = folder.parent / "boundary" / session["boundary"]
    return build(boundaries=boundary, households=[], registers=registers, out=out,
                 mapping=mapping, period=session["period"], area=session["area"],
                 crs=session["crs"], settings=settings)


# --------------------------------------------------------------------------------------------
# sniffing
# --------------------------------------------------------------------------------------------

def _boundary_kind(content: bytes, name: str, max_unzipped: int) -> str | None:
    head = content[:64]
    if head.startswith(b"SQLite format 3\x00"):
        return "gpkg"
    if head.startswith(b"PAR1"):
        return "geoparquet" if _is_geoparquet(content) else None
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        members = _zip_members(content, name, max_unzipped)
        suffixes = {PurePosixPath(m).suffix.lower() for m in members}
        if ".shp" in suffixes:
            return "shp_zip"
        if suffixes & {".gpkg", ".geojson", ".json", ".fgb"}:
            return "zip"
        return None
    text = content[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] == b"{" and b'"type"' in content[: 1 << 20]:
        return "geojson"
    return None


def _household_kind(content: bytes, name: str, max_unzipped: int) -> str | None:
    from .tabular import sniff_kind

    kind = sniff_kind(io.BytesIO(content))
    if kind in ("xlsx", "xls"):
        return kind
    if kind == "broken_zip":
        raise InputError("Arsip zip rusak.", "The zip archive is damaged.", file=name)
    if kind == "zip":
        members = _zip_members(content, name, max_unzipped)
        if not members:
            raise InputError("Zip tidak berisi berkas tabel.", "The zip holds no table file.",
                             file=name)
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            for member in members:
                with zf.open(member) as fh:
                    sample = fh.read(1 << 16)
                if _household_kind_of_sample(sample) is None:
                    raise InputError(
                        "Isi zip bukan CSV, XLSX atau XLS (dikenali dari isinya).",
                        "A file in the zip is not CSV, XLSX or XLS (recognised by content).",
                        file=f"{name}:{member}")
        return "zip"
    if kind == "text" and _looks_like_text(content[: 1 << 16]):
        return "csv"
    return None


def _household_kind_of_sample(sample: bytes) -> str | None:
    """Kind of a zip member from its first bytes (a nested zip counts as a table file)."""
    if sample.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if sample.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    return "csv" if sample and _looks_like_text(sample) else None


def _looks_like_text(sample: bytes) -> bool:
    """Text in UTF-8 / Windows-1252 / UTF-16: no binary signature, hardly any control bytes."""
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = sample[: len(sample) // 2 * 2].decode("utf-16")
        except UnicodeDecodeError:
            return False
    else:
        if sample.startswith(_BINARY_MAGIC) or b"\x00" in sample:
            return False
        try:
            text = sample.decode("utf-8")
        except UnicodeDecodeError as err:
            text = (sample[: err.start].decode("utf-8") if err.start >= len(sample) - 3
                    else sample.decode("cp1252", errors="replace"))
    if not text:
        return False
    bad = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\r\n\f")
    return bad <= len(text) // 100


def _zip_members(content: bytes, name: str, max_unzipped: int) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise InputError("Arsip zip rusak.", "The zip archive is damaged.", file=name) from None
    total = sum(i.file_size for i in infos)
    if total > max_unzipped:
        raise InputError(
            f"Isi zip terlalu besar setelah dibuka: {_mb(total)} MB, batas {_mb(max_unzipped)} MB.",
            f"The zip is too large once unpacked: {_mb(total)} MB, the limit is "
            f"{_mb(max_unzipped)} MB.", file=name)
    return [i.filename for i in infos if not skipped_member(PurePosixPath(i.filename).parts)]



def _is_geoparquet(content: bytes) -> bool:
    import pyarrow as pa
    import pyarrow.parquet as pq
    try:
        meta = pq.read_metadata(pa.BufferReader(content)).metadata or {}
    except Exception:                                    # pyarrow raises several error types
        return False
    return b"geo" in meta


# --------------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------------

def _as_upload(item: Upload | tuple[str, bytes] | dict[str, Any]) -> Upload:
    if isinstance(item, Upload):
        return item
    if isinstance(item, dict):
        return Upload(name=str(item["name"]), content=bytes(item["content"]))
    name, content = item
    return Upload(name=str(name), content=bytes(content))


def _safe_name(name: str) -> str:
    """The base name of an upload, without folders (``C:\\fakepath\\``), odd characters or
    a leading dot / ``~`` (the readers skip such names as hidden or temporary files)."""
    base = re.split(r"[\\/]", str(name or ""))[-1]
    base = unicodedata.normalize("NFC", base).strip()
    base = re.sub(r"[^\w .()\[\]+,-]", "_", base)[:120].strip(" .~")
    return base or "berkas"        # no leading dot or ~: the readers skip hidden/temp files


def _unique(name: str, seen: set[str]) -> str:
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    candidate, n = name, 2
    while candidate.casefold() in seen:
        candidate = f"{stem} ({n}).{suffix}" if suffix else f"{stem} ({n})"
        n += 1
    seen.add(candidate.casefold())
    return candidate


def _write_private(path: Path, content: bytes) -> Path:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)
    return path


def _too_big(name: str, size: int, limit: int) -> InputError:
    return InputError(f"Berkas terlalu besar: {_mb(size)} MB, batas {_mb(limit)} MB.",
                      f"The file is too large: {_mb(size)} MB, the limit is {_mb(limit)} MB.",
                      file=name)


def _mb(n: int) -> str:
    value = n / (1024 * 1024)
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def _ticker(progress, total: int) -> Callable[[str], None]:
    step = [0]

    def tick(key: str) -> None:
        step[0] += 1
        if progress is not None:
            progress(min(step[0], total), total, key)

    return tick


@contextlib.contextmanager
def _logged_failure(token: str, debug: bool) -> Iterator[None]:
    """Log a failure by class and file name only; turn a bug into a message without data."""
    try:
        yield
    except InputError as err:
        log.warning("import %s: refused (%s%s)", token, type(err).__name__,
                    f", file {err.file}" if err.file else "")
        raise
    except Exception as err:
        log.error("import %s: internal error %s", token, type(err).__name__)
        if debug:
            raise
        raise ImportFailed(
            f"Kesalahan internal saat membangun ({type(err).__name__}); dataset yang tayang "
            "tidak berubah.",
            f"Internal error while building ({type(err).__name__}); the dataset being served "
            "has not changed.") from None


def _choice(choice, known: dict[str, set[str]], not_in_area: str) -> tuple[str, str, str, str]:
    if isinstance(choice, dict):
        tingkat, induk, nama, kode = (choice.get(k) for k in (
            "tingkat", "induk_kode", "input_nama", "kode"))
    else:
        tingkat, induk, nama, kode = choice
    try:
        lvl = level_of(str(tingkat))
    except ValueError:
        raise InputError(f"tingkat '{tingkat}' tidak dikenal (prov, kab, kec, desa).",
                         f"unknown tingkat '{tingkat}' (prov, kab, kec, desa).",
                         column="tingkat") from None
    nama = str(nama or "").strip()
    if not nama:
        raise InputError("Nama masukan kosong.", "The input name is empty.",
                         column="input_nama")
    induk = re.sub(r"\D", "", str(induk or ""))
    text = "" if kode is None else str(kode).strip()
    if text in ("", "-", "--"):
        return lvl, induk, nama, not_in_area
    code = normalize_kode(text, lvl)
    if code is None or code not in known[lvl]:
        raise InputError(f"Kode '{text}' bukan {lvl} di berkas batas.",
                         f"Code '{text}' is not a {lvl} of the boundary file.", column="kode")
    return lvl, induk, nama, code


def _mapping_key(tingkat: str, induk: str, nama: str) -> tuple[str, str, str | None, str]:
    lvl = level_of(str(tingkat))
    parsed = parse_name(str(nama), lvl)
    return lvl, re.sub(r"\D", "", str(induk or "")), parsed.kind, compact(parsed.core)


def _read_columns(path: Path, columns: list[str]) -> pd.DataFrame:
    import pyarrow.parquet as pq
    return pq.read_table(path, columns=columns).to_pandas()


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_json(path: Path, data: Any) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(_jsonable(data), ensure_ascii=False, indent=1) + "\n",
                   encoding="utf-8")
    os.replace(tmp, path)


def _jsonable(value: Any) -> Any:
    """Plain JSON types all the way down (numpy scalars, NA and NaN become int/float/None)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return None if value != value else value
    if hasattr(value, "item"):
        return _jsonable(value.item())
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)
