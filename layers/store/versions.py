"""Published datasets: versions by period, the one being served, staging builds, the mapping.

A store is one folder::

    root/current               small JSON pointer {"id": "<version>"}, replaced with os.replace
    root/versions/<id>/        complete build directories (data contract files + _COMPLETE)
    root/staging/<token>/      imports being checked (dataset/, inputs/, boundary/, report.json,
                               .lock; see layers.store.session)
    root/trash/                versions being deleted (removed at once, or by recover())
    root/mapping.csv           the name mapping the review screen edits; the same file works
                               with ``python -m layers build --mapping root/mapping.csv``
    root/.lock                 serialises changes to the store across processes

Every change is made so that a crash at any moment leaves the previous dataset serving:

- a build is written into ``staging/<token>/dataset`` (itself atomically, by
  :func:`layers.build.build`); publishing writes the ``_COMPLETE`` marker last, moves the
  directory into ``versions/`` with one ``os.rename`` (same filesystem) and only then flips
  ``current`` (temporary file, ``fsync``, ``os.replace``, ``fsync`` of the folder), so a reader of
  ``current`` sees the old pointer or the new one, never half a file;
- a version counts only when ``_COMPLETE`` and every file of the data contract exist;
- deleting moves the version into ``trash/`` with one rename before removing it;
- :meth:`DatasetStore.recover` (call it once at server start-up, before serving) removes
  staging folders no live build holds, temporary files and trash, and points ``current`` to the
  newest complete version when it points to a missing one.

Version ids are the data period (``2026-10``), with ``-2``, ``-3`` ... when a period is
published again (``2026-10-2``); ``tanpa-periode`` when the build had no period.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from layers.store.errors import StoreError
from layers.store.files import clear_dir, fsync_dir, read_json, remove
from layers.store.lock import LOCK_NAME, FileLock

__all__ = ["CONTRACT_FILES", "COMPLETE_MARKER", "DatasetStore", "NO_PERIOD_ID", "is_complete"]

log = logging.getLogger(__name__)

#: files of a dataset directory (docs/data-contract.md); a version lacking one is incomplete
CONTRACT_FILES: tuple[str, ...] = (
    "desa.parquet", "kecamatan.parquet", "kabupaten.parquet", "provinsi.parquet",
    "subdesa.parquet", "match_report.csv", "rejected.csv", "meta.json",
)
#: written last into a version directory; its JSON holds ``nomor``, ``dibuat``, ``sumber``
COMPLETE_MARKER = "_COMPLETE"
#: version id given to a build without ``--period``
NO_PERIOD_ID = "tanpa-periode"

_POINTER = "current"
_POINTER_TMP = ".current.tmp-"
_MAPPING_TMP = ".mapping-"           # prefix of layers.matching.write_mapping's temp file
_ID_RE = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,63}")
_TOKEN_RE = re.compile(r"[0-9a-f]{16,64}")


# --------------------------------------------------------------------------------------------
# the store
# --------------------------------------------------------------------------------------------

def is_complete(path: str | os.PathLike) -> bool:
    """A dataset directory holding the ``_COMPLETE`` marker and every file of the contract."""
    path = Path(path)
    return (path.is_dir() and (path / COMPLETE_MARKER).is_file()
            and not _missing_files(path))


class DatasetStore:
    """Versions of the dataset the dashboard serves, kept in one folder.

    Parameters
    ----------
    root
        The store folder; created with ``versions/``, ``staging/`` and ``trash/`` when missing.
    """

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        for sub in (self.versions_dir, self.staging_root, self.trash_dir):
            sub.mkdir(parents=True, exist_ok=True)

    # -- paths -------------------------------------------------------------------------------

    @property
    def versions_dir(self) -> Path:
        return self.root / "versions"

    @property
    def staging_root(self) -> Path:
        return self.root / "staging"

    @property
    def trash_dir(self) -> Path:
        return self.root / "trash"

    @property
    def mapping_path(self) -> Path:
        """The persistent mapping CSV (may not exist yet)."""
        return self.root / "mapping.csv"

    def lock(self) -> FileLock:
        """The store-wide lock (a context manager) serialising changes across processes."""
        return FileLock(self.root / LOCK_NAME)

    # -- staging -----------------------------------------------------------------------------

    def new_staging(self) -> str:
        """Create ``staging/<token>/`` for a new import and return the token."""
        while True:
            token = secrets.token_hex(8)
            try:
                (self.staging_root / token).mkdir(mode=0o700)
            except FileExistsError:                      # pragma: no cover - 2**64 tokens
                continue
            return token

    def staging_dir(self, token: str) -> Path:
        """Folder of an import being checked.

        Raises
        ------
        StoreError
            A malformed token, or an import that no longer exists (published, discarded, or
            removed at a restart).
        """
        if not isinstance(token, str) or not _TOKEN_RE.fullmatch(token):
            raise StoreError("Kode impor tidak sah.", "Invalid import token.")
        path = self.staging_root / token
        if not path.is_dir():
            raise StoreError(
                "Impor ini tidak ada lagi (sudah diterbitkan, dibatalkan, atau server dimulai "
                "ulang); unggah berkas lagi.",
                "This import no longer exists (published, discarded, or the server restarted); "
                "upload the files again.")
        return path

    def staging_lock(self, token: str) -> FileLock:
        """The lock a build holds on its staging folder while it runs."""
        return FileLock(self.staging_dir(token) / LOCK_NAME)

    def discard(self, token: str) -> None:
        """Remove an import being checked (nothing published changes)."""
        path = self.staging_dir(token)
        shutil.rmtree(path, ignore_errors=True)
        log.info("staging %s discarded", token)

    # -- versions ----------------------------------------------------------------------------

    def list_versions(self) -> list[dict[str, Any]]:
        """Complete versions, oldest first.

        Returns
        -------
        list of dict
            ``id``, ``periode``, ``wilayah`` (``kode``, ``nama``, ``tingkat``), ``nomor``
            (publication order), ``dibuat`` (UTC time of publication), ``sumber`` (``import`` or
            ``demo``), ``current`` (the version served), ``desa`` (desa in the boundary file)
            and ``registers``: per register ``register``, ``label_id``, ``label_en``,
            ``rows_read``, ``duplicates``, ``rejected``, ``kept``, ``match_rate``,
            ``names_to_review``. Counts only: nothing personal.
        """
        current = self.current()
        out = []
        for vid, path in self._complete_versions():
            marker = read_json(path / COMPLETE_MARKER) or {}
            meta = read_json(path / "meta.json") or {}
            out.append({
                "id": vid,
                "periode": meta.get("periode"),
                "wilayah": meta.get("wilayah") or {},
                "nomor": int(marker.get("nomor", 0)),
                "dibuat": marker.get("dibuat"),
                "sumber": marker.get("sumber"),
                "current": vid == current,
                "desa": (meta.get("batas_wilayah") or {}).get("desa"),
                "registers": [{k: r.get(k) for k in (
                    "register", "label_id", "label_en", "rows_read", "duplicates", "rejected",
                    "kept", "match_rate", "names_to_review")}
                    for r in meta.get("registers", [])],
            })
        return sorted(out, key=lambda v: (v["nomor"], v["id"]))

    def current(self) -> str | None:
        """Id of the version served: the pointer's when that version is complete, else the
        newest complete version (:meth:`recover` writes that fallback), else ``None``."""
        pointed = self._read_pointer()
        if pointed and is_complete(self.versions_dir / pointed):
            return pointed
        newest = self._newest()
        return newest

    def current_dir(self) -> Path | None:
        """Directory of the version served (the dashboard's dataset), or ``None``."""
        vid = self.current()
        return self.versions_dir / vid if vid else None

    def version_dir(self, version_id: str) -> Path:
        """Directory of a complete version.

        Raises
        ------
        StoreError
            Unknown or incomplete version.
        """
        path = self._version_path(version_id)
        if not is_complete(path):
            raise StoreError(f"Versi '{version_id}' tidak ada.",
                             f"Version '{version_id}' does not exist.")
        return path

    def publish(self, token: str, *, source: str = "import") -> str:
        """Make the build checked in ``staging/<token>/dataset`` the dataset served.

        The build becomes ``versions/<id>`` (one rename) and ``current`` is flipped to it; the
        staging folder (with the reduced inputs kept for reruns) is removed.

        Returns
        -------
        str
            The new version id.

        Raises
        ------
        StoreError
            No complete build in the staging folder, or a build still running there.
        """
        staging = self.staging_dir(token)
        with self.lock():
            vid = self._publish_locked(staging, source=source)
        shutil.rmtree(staging, ignore_errors=True)
        log.info("published version %s from staging %s", vid, token)
        return vid

    def switch(self, version_id: str) -> None:
        """Serve another complete version."""
        with self.lock():
            self.version_dir(version_id)
            self._write_pointer(version_id)
        log.info("switched to version %s", version_id)

    def delete(self, version_id: str) -> None:
        """Delete a version that is not the one being served.

        Raises
        ------
        StoreError
            Unknown version, or the version being served (switch to another one first).
        """
        with self.lock():
            path = self._version_path(version_id)
            if not path.is_dir():
                raise StoreError(f"Versi '{version_id}' tidak ada.",
                                 f"Version '{version_id}' does not exist.")
            if version_id == self.current():
                raise StoreError(
                    f"Versi '{version_id}' sedang ditayangkan dan tidak dapat dihapus; "
                    "tayangkan versi lain dulu.",
                    f"Version '{version_id}' is the one being served and cannot be deleted; "
                    "switch to another version first.")
            bin_ = Path(tempfile.mkdtemp(prefix=f"{version_id}-", dir=self.trash_dir))
            os.rename(path, bin_ / version_id)
            fsync_dir(self.versions_dir)
        shutil.rmtree(bin_, ignore_errors=True)
        log.info("deleted version %s", version_id)

    def recover(self) -> dict[str, Any]:
        """Clean up after interrupted imports; call once at start-up, before serving.

        Removes staging folders whose build is not running (their lock is free: the process
        that held it has ended), temporary pointer / mapping files, and trash; when ``current``
        is missing or points to a missing or incomplete version, points it to the newest
        complete version.

        Returns
        -------
        dict
            ``staging_removed``, ``temp_removed``, ``trash_removed`` (counts), ``current`` (id
            or None), ``fallback`` (True when the pointer was rewritten), ``incomplete``
            (version folders without ``_COMPLETE`` or with missing files; left in place,
            never served).
        """
        with self.lock():
            temp = self._remove_temp_files()
            staging = self._remove_free_staging()
            trash = clear_dir(self.trash_dir)
            pointed = self._read_pointer()
            fallback = False
            if not (pointed and is_complete(self.versions_dir / pointed)):
                newest = self._newest()
                if newest is not None:
                    self._write_pointer(newest)
                    fallback = True
                    pointed = newest
                else:
                    pointed = None
            incomplete = sorted(p.name for p in self.versions_dir.iterdir()
                                if not p.name.startswith(".") and p.is_dir()
                                and not is_complete(p))
        report = {"staging_removed": staging, "temp_removed": temp, "trash_removed": trash,
                  "current": pointed, "fallback": fallback, "incomplete": incomplete}
        log.info("recover: %d staging, %d temp files, %d trash removed; current %s%s",
                 staging, temp, trash, pointed, " (fallback)" if fallback else "")
        return report

    def ensure_seeded(self, demo_dir: str | os.PathLike) -> str | None:
        """Publish the committed demo build as the first version when the store has none.

        Only the files of the data contract are copied (not the demo's ``input/`` folder).

        Returns
        -------
        str or None
            The version id, or ``None`` when the store already had a version.

        Raises
        ------
        StoreError
            ``demo_dir`` lacks a file of the data contract.
        """
        demo_dir = Path(demo_dir)
        missing = _missing_files(demo_dir)
        if missing:
            raise StoreError(f"Dataset demo tidak lengkap: {', '.join(missing)} tidak ada.",
                             f"Demo dataset incomplete: {', '.join(missing)} missing.",
                             file=demo_dir.name)
        with self.lock():
            if self._complete_versions():
                return None
            token = self.new_staging()
            staging = self.staging_root / token
            target = staging / "dataset"
            target.mkdir()
            for name in CONTRACT_FILES:
                shutil.copyfile(demo_dir / name, target / name)
            vid = self._publish_locked(staging, source="demo")
        shutil.rmtree(staging, ignore_errors=True)
        log.info("seeded store with demo version %s", vid)
        return vid

    # -- private steps ------------------------------------------------------------------------

    def _version_path(self, version_id: str) -> Path:
        if not isinstance(version_id, str) or not _ID_RE.fullmatch(version_id):
            raise StoreError(f"Id versi tidak sah: '{version_id}'.",
                             f"Invalid version id: '{version_id}'.")
        return self.versions_dir / version_id

    def _complete_versions(self) -> list[tuple[str, Path]]:
        return [(p.name, p) for p in sorted(self.versions_dir.iterdir())
                if not p.name.startswith(".") and _ID_RE.fullmatch(p.name) and is_complete(p)]

    def _newest(self) -> str | None:
        best = None
        for vid, path in self._complete_versions():
            nomor = int((read_json(path / COMPLETE_MARKER) or {}).get("nomor", 0))
            if best is None or (nomor, vid) > best:
                best = (nomor, vid)
        return best[1] if best else None

    def _publish_locked(self, staging: Path, *, source: str) -> str:
        dataset = staging / "dataset"
        missing = _missing_files(dataset)
        if missing:
            raise StoreError(
                f"Hasil bangun belum lengkap ({', '.join(missing)} tidak ada); bangun ulang "
                "sebelum menerbitkan.",
                f"The build is not complete ({', '.join(missing)} missing); build again "
                "before publishing.")
        building = FileLock(staging / LOCK_NAME)
        if not building.acquire(blocking=False):
            raise StoreError("Pembangunan dataset masih berjalan; tunggu sampai selesai.",
                             "The build is still running; wait until it finishes.")
        try:
            meta = read_json(dataset / "meta.json") or {}
            base = meta.get("periode") or NO_PERIOD_ID
            if not _ID_RE.fullmatch(str(base)):
                base = NO_PERIOD_ID
            nomor = 1 + max((int((read_json(p / COMPLETE_MARKER) or {}).get("nomor", 0))
                             for _, p in self._complete_versions()), default=0)
            _write_marker(dataset, {
                "nomor": nomor,
                "dibuat": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "sumber": source, "berkas": list(CONTRACT_FILES)})
            vid = self._claim(dataset, str(base))
            self._write_pointer(vid)
        finally:
            building.release()
        return vid

    def _claim(self, dataset: Path, base: str) -> str:
        """Move ``dataset`` to ``versions/<base>`` or the first free ``<base>-<n>``."""
        n = 1
        while True:
            vid = base if n == 1 else f"{base}-{n}"
            target = self.versions_dir / vid
            n += 1
            if target.exists() or target.is_symlink():
                continue
            try:
                os.rename(dataset, target)
            except FileExistsError:                      # pragma: no cover - lost a race
                continue
            except OSError as err:                       # pragma: no cover - ENOTEMPTY race
                if target.exists():
                    continue
                raise StoreError("Dataset tidak dapat dipindahkan ke folder versi.",
                                 "The dataset could not be moved into the versions folder.",
                                 file=vid) from err
            fsync_dir(self.versions_dir)
            return vid

    def _read_pointer(self) -> str | None:
        data = read_json(self.root / _POINTER)
        vid = data.get("id") if isinstance(data, dict) else None
        return vid if isinstance(vid, str) and _ID_RE.fullmatch(vid) else None

    def _write_pointer(self, version_id: str) -> None:
        fd, tmp = tempfile.mkstemp(prefix=_POINTER_TMP, dir=self.root)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"id": version_id}, fh)
                fh.write("\n")
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, self.root / _POINTER)
            fsync_dir(self.root)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    def _remove_temp_files(self) -> int:
        n = 0
        for p in self.root.iterdir():
            if p.name.startswith((_POINTER_TMP, _MAPPING_TMP)) and p.is_file():
                p.unlink(missing_ok=True)
                n += 1
        for p in self.versions_dir.iterdir():           # hidden leftovers beside versions
            if p.name.startswith("."):
                remove(p)
                n += 1
        return n

    def _remove_free_staging(self) -> int:
        n = 0
        for p in list(self.staging_root.iterdir()):
            if not p.is_dir():
                remove(p)
                n += 1
                continue
            lock = FileLock(p / LOCK_NAME)
            if not lock.acquire(blocking=False):
                continue                                 # a live build holds it
            lock.release()
            shutil.rmtree(p, ignore_errors=True)
            n += 1
        return n


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------

def _missing_files(path: Path) -> list[str]:
    return [name for name in CONTRACT_FILES if not (path / name).is_file()]


def _write_marker(dataset: Path, content: dict) -> None:
    """fsync every contract file, then write ``_COMPLETE`` (fsynced) last."""
    for name in CONTRACT_FILES:
        with open(dataset / name, "rb") as fh:
            os.fsync(fh.fileno())
    tmp = dataset / f".{COMPLETE_MARKER}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(content, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, dataset / COMPLETE_MARKER)
    fsync_dir(dataset)
