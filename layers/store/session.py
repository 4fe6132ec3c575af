"""Import from the browser: upload, check, resolve names, rerun, publish (data side of issue 5).

One import lives in ``staging/<token>/`` of a :class:`layers.store.DatasetStore`::

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

import logging
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from layers.errors import InputError
from layers.settings import DEFAULT, Settings
from layers.store.files import read_json, write_json, write_private
from layers.store.inputs import build_from_inputs, save_inputs
from layers.store.names import save_decisions
from layers.store.report import CheckReport, check_report, counts_line
from layers.store.running import (Progress, building, logged_failure, private_dir,
                                  staged_boundary, ticker)
from layers.store.upload import (MAX_UNZIPPED_BYTES, MAX_UPLOAD_BYTES, Upload, as_upload, mb,
                                 safe_name, sniff_upload, unique_name)
from layers.store.versions import DatasetStore

__all__ = ["ImportSession", "STEPS"]

log = logging.getLogger(__name__)

#: progress steps: key -> (Bahasa Indonesia, English)
STEPS: dict[str, tuple[str, str]] = {
    "simpan": ("Menyimpan unggahan sementara", "Saving the uploads temporarily"),
    "deteksi": ("Mengenali layout register", "Detecting the register layouts"),
    "bangun": ("Membangun dataset", "Building the dataset"),
    "hapus": ("Menghapus berkas unggahan", "Deleting the uploaded files"),
    "periksa": ("Menyusun ringkasan pemeriksaan", "Preparing the check summary"),
    "selesai": ("Selesai", "Done"),
}

#: role of an upload -> its ``peran`` in the check report
_ROLE_LABEL = {"boundaries": "batas", "households": "rumah_tangga"}

#: ``(role, upload, safe unique name)``
_Item = tuple[str, Upload, str]


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
        uploads = self._uploads(boundaries, households, require=False)
        with private_dir(self.staging) as raw:
            files = [self._inspect_one(item, raw) for item in uploads]
        for entry in files:
            if "layout" in entry:
                log.info("import %s: %s is %s, layout %s", self.token, entry["nama"],
                         entry["jenis"], entry["layout"])
        return {"ok": all("galat" not in f for f in files), "files": files}

    # -- step 2: build and check -------------------------------------------------------------

    def run_build(self, *, boundaries: Upload | tuple[str, bytes],
                  households: Sequence[Upload | tuple[str, bytes]], period: str,
                  area: str | None = None, crs: str | None = None,
                  progress: Progress | None = None, debug: bool = False) -> CheckReport:
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
            As for :class:`layers.build.BuildSpec`.
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
        _require_period(period)
        uploads = self._uploads(boundaries, households, require=True)
        kinds = {name: sniff_upload(up, role=role, max_bytes=self.max_bytes,
                                    max_unzipped_bytes=self.max_unzipped_bytes)
                 for role, up, name in uploads}
        tick = ticker(progress, 6)
        started = time.monotonic()
        _, first, first_name = uploads[0]
        with (building(self.staging), logged_failure(self.token, debug),
              staged_boundary(self.staging, first_name, first.content,
                              kinds[first_name]) as boundary_path):
            tick("simpan")
            files = [{"nama": name, "peran": _ROLE_LABEL[role], "jenis": kinds[name],
                      "bytes": len(up.content)} for role, up, name in uploads]
            log.info("import %s: boundaries %s (%s), %d household files, %d bytes",
                     self.token, first_name, kinds[first_name], len(uploads) - 1,
                     sum(len(up.content) for _, up, _ in uploads[1:]))
            result = self._build_raw(boundary_path, uploads[1:], files[1:], tick,
                                     period=period, area=area, crs=crs)
            log.info("import %s: raw uploads removed (%d files)", self.token, len(uploads) - 1)
            tick("periksa")
            save_inputs(self.inputs_dir, result, boundary=boundary_path.name, period=period,
                        area=area, crs=crs, files=files)
            report = self._write_report(files)
        log.info("import %s: build done in %.1f s: %s", self.token,
                 time.monotonic() - started, counts_line(report))
        tick("selesai")
        return report

    def rerun(self, *, progress: Progress | None = None, debug: bool = False) -> CheckReport:
        """Build again from the kept inputs with the store's current mapping.

        Used after :meth:`resolve`: the raw uploads are gone, the reduced households are
        matched again and the staged build is replaced (atomically).
        """
        tick = ticker(progress, 3)
        session = read_json(self.inputs_dir / "session.json")
        if session is None:
            raise InputError("Belum ada hasil bangun untuk dibangun ulang; unggah berkas dulu.",
                             "There is no build to run again; upload the files first.")
        started = time.monotonic()
        with building(self.staging), logged_failure(self.token, debug):
            tick("bangun")
            build_from_inputs(self.inputs_dir, session, out=self.dataset_dir,
                              mapping=self._mapping(), settings=self.settings)
            tick("periksa")
            report = self._write_report(session["files"])
        log.info("import %s: rebuilt in %.1f s: %s", self.token, time.monotonic() - started,
                 counts_line(report))
        tick("selesai")
        return report

    def report(self) -> CheckReport:
        """The check report of the staged build (as the last build or rerun wrote it)."""
        report = read_json(self.staging / "report.json")
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
        return save_decisions(self.store, self.dataset_dir, choices)

    # -- step 4: publish ---------------------------------------------------------------------

    def publish(self) -> str:
        """Make the staged build the dataset served; returns the version id."""
        return self.store.publish(self.token)

    def discard(self) -> None:
        """Drop this import (raw uploads are already gone; the kept inputs go too)."""
        self.store.discard(self.token)

    # -- private steps ------------------------------------------------------------------------

    def _uploads(self, boundaries, households, *, require: bool) -> list[_Item]:
        """``(role, upload, safe unique name)``, the boundary file first; total size checked."""
        hh = [as_upload(u) for u in households]
        if require and boundaries is None:
            raise InputError("Berkas batas desa belum diunggah.",
                             "The desa boundary file has not been uploaded.")
        if require and not hh:
            raise InputError("Berkas rumah tangga belum diunggah.",
                             "No household file has been uploaded.")
        out, seen = [], set()
        items = ([("boundaries", as_upload(boundaries))] if boundaries is not None else [])
        items += [("households", u) for u in hh]
        total = 0
        for role, up in items:
            name = unique_name(safe_name(up.name), seen)
            total += len(up.content)
            if total > self.max_bytes and len(up.content) <= self.max_bytes:
                raise InputError(
                    f"Unggahan terlalu besar bersama-sama: {mb(total)} MB, batas "
                    f"{mb(self.max_bytes)} MB untuk satu impor.",
                    f"The uploads are too large together: {mb(total)} MB, the limit is "
                    f"{mb(self.max_bytes)} MB for one import.", file=name)
            out.append((role, up, name))
        return out

    def _inspect_one(self, item: _Item, raw: Path) -> dict[str, Any]:
        """The entry of one upload for :meth:`inspect` (household files are written into
        ``raw`` for the layout check)."""
        from layers.indicators import REGISTER_LABEL, REGISTER_OF_LAYOUT
        from layers.registers import sniff_layout

        role, up, name = item
        entry: dict[str, Any] = {"nama": name, "peran": _ROLE_LABEL[role],
                                 "bytes": len(up.content)}
        try:
            entry["jenis"] = sniff_upload(up, role=role, max_bytes=self.max_bytes,
                                          max_unzipped_bytes=self.max_unzipped_bytes)
            if role == "households":
                layout = sniff_layout(write_private(raw / name, up.content),
                                      settings=self.settings)
                register = REGISTER_OF_LAYOUT[layout]
                entry.update(layout=layout, register=register,
                             label_id=REGISTER_LABEL[register][0],
                             label_en=REGISTER_LABEL[register][1])
        except InputError as err:
            entry["galat"] = str(err)
            log.info("import %s: %s refused (%s)", self.token, name, type(err).__name__)
        return entry

    def _build_raw(self, boundary: Path, households: list[_Item], files: list[dict[str, Any]],
                   tick, **values: Any):
        """Build from the raw household uploads, written into a private folder that is
        removed right after the build, whatever happens."""
        from layers.build import BuildSpec, build

        with private_dir(self.staging) as raw:
            paths = [write_private(raw / name, up.content) for _, up, name in households]
            tick("deteksi")
            self._note_layouts(files, paths)
            tick("bangun")
            spec = BuildSpec(boundaries=boundary, households=paths, mapping=self._mapping(),
                             **values)
            result = build(spec, self.dataset_dir, settings=self.settings)
            tick("hapus")
        return result

    def _note_layouts(self, files: list[dict[str, Any]], paths: list[Path]) -> None:
        from layers.indicators import REGISTER_OF_LAYOUT
        from layers.registers import sniff_layout

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
        write_json(self.staging / "report.json", report)
        return report


def _require_period(period: str | None) -> None:
    """Refuse a build without a data period (its version id when published)."""
    if not period:
        raise InputError("Periode data wajib diisi (YYYY-MM, mis. 2026-10).",
                         "The data period is required (YYYY-MM, e.g. 2026-10).",
                         column="periode")
