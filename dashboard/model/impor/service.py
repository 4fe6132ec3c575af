"""The server side of the import page: uploads waiting for a build, builds running in a thread,
publishing into the dataset store and swapping the dataset the app serves.

Nothing here imports dash. One :class:`ImportService` lives in the app; callbacks keep only
the import's token (never a file's content) and call one method each.

- **Uploads** are decoded when they arrive, their type and layout shown
  (:meth:`layers.store.ImportSession.inspect`), and held in this process's memory only
  (:class:`~dashboard.model.impor.uploads.PendingUploads`), until the build starts
  (:meth:`ImportService.start_build` takes them out), the import is discarded, or they are
  older than ``ttl`` seconds. They are never written anywhere by this module; the importer
  writes household files into a private folder for the build and deletes it right after
  (success or failure).
- **Builds** run in a daemon thread (:class:`~dashboard.model.impor.jobs.Jobs`); the page polls
  their progress, so the page and the map stay usable.
- **Publishing** (:meth:`ImportService.publish`) renames the checked build into ``versions/``
  and flips ``current`` (the store does both atomically), then loads the new dataset fully and
  swaps it into the :class:`~dashboard.served.ServedDataset`; if it cannot be loaded,
  ``current`` is switched back and the previous dataset keeps serving.

Uploads and progress are kept per process: serve the app with one process (``python app.py``
or ``gunicorn -w 1 --threads 8 app:server``).
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from layers.errors import InputError

from dashboard.model.impor.jobs import Jobs
from dashboard.model.impor.review import choices_from
from dashboard.model.impor.uploads import (PendingFile, PendingUploads, summary, upload_pairs,
                                           valid_period)

log = logging.getLogger(__name__)


class ImportDisabled(InputError):
    """The app serves one dataset directory read-only: there is no store to import into."""

    def __init__(self):
        super().__init__(
            "Impor dinonaktifkan: aplikasi menayangkan satu folder dataset (--data).",
            "Import is disabled: the app serves one dataset folder (--data).")


def open_store(store_dir: str | Path, *, seed: str | Path):
    """Open the dataset store for serving: clean up after interrupted imports, publish the
    ``seed`` dataset (the committed demo) when the store has no version yet.

    Returns
    -------
    layers.store.DatasetStore
        The store; ``current_dir()`` is the dataset to serve.
    """
    from layers.store import DatasetStore

    store = DatasetStore(store_dir)
    report = store.recover()
    if store.current() is None:
        store.ensure_seeded(seed)
    log.info("dataset store opened: current %s (%d unfinished imports removed)",
             store.current(), report["staging_removed"])
    return store


class ImportService:
    """Everything the import page does, for one app.

    Parameters
    ----------
    datasets
        The dataset store (:func:`open_store`), or ``None`` when the app serves one dataset
        directory read-only (every method then raises :class:`ImportDisabled`).
    live
        The app's :class:`~dashboard.served.ServedDataset` (swapped after publish / switch).
    settings
        The app's :class:`~dashboard.settings.DashboardSettings`.
    """

    def __init__(self, datasets, live, settings):
        self.datasets = datasets
        self.live = live
        self.settings = settings
        self.uploads = PendingUploads()
        self.jobs = Jobs()
        self._serving = threading.Lock()
        self._clients: dict[str, str] = {}
        self._clients_lock = threading.Lock()
        self._stamps = itertools.count(1)

    def stamp(self) -> int:
        """A number never handed out before (tells the page's renderers to draw again)."""
        return next(self._stamps)

    def token(self, client: str | None, *, create: bool = False) -> str | None:
        """The import of one page (``client``: a random key made per page load), created on
        the first upload; uploads arriving together from one page share one import."""
        if not client or not self.enabled:
            return None
        with self._clients_lock:
            token = self._clients.get(client)
            if token is not None and not self.alive(token):
                self.uploads.drop(token)
                token = None
            if token is None and create:
                token = self.session().token
                self._clients[client] = token
            elif token is None:
                self._clients.pop(client, None)
            return token

    def forget_client(self, client: str | None) -> None:
        """The page's import is over (published or discarded): its next upload starts anew."""
        with self._clients_lock:
            self._clients.pop(client or "", None)

    @property
    def enabled(self) -> bool:
        return self.datasets is not None

    @property
    def max_bytes(self) -> int:
        return int(self.settings.max_upload_bytes)

    # -- sessions ---------------------------------------------------------------------------

    def session(self, token: str | None = None):
        """The :class:`layers.store.ImportSession` of ``token`` (a new one for ``None``)."""
        from layers.store import ImportSession

        self._require()
        return ImportSession(self.datasets, token, max_bytes=self.max_bytes)

    def existing(self, token: str | None):
        """The :class:`layers.store.ImportSession` of an import that exists.

        Raises
        ------
        InputError
            No import yet, or one that no longer exists (published, discarded, restarted).
        """
        self._require()
        if not token:
            raise InputError("Belum ada impor: unggah berkas dulu.",
                             "There is no import yet: upload the files first.")
        return self.session(token)

    def alive(self, token: str | None) -> bool:
        """Whether ``token`` names an import that still exists in the store."""
        if not token or not self.enabled:
            return False
        try:
            self.datasets.staging_dir(token)
        except InputError:
            return False
        return True

    # -- step 1 ------------------------------------------------------------------------------

    def upload(self, client: str | None, role: str, data, names) -> list[PendingFile]:
        """Check and keep what one upload field of a page sent (``dcc.Upload``'s contents and
        file names); the boundary field keeps its first file only. The page's import is
        created on its first upload."""
        pairs = upload_pairs(data, names)
        token = self.token(client, create=True)
        if role == "batas":
            return self.add_uploads(token, boundary=pairs[0])
        return self.add_uploads(token, households=pairs)

    def add_uploads(self, token: str, *, boundary: tuple[str, str] | None = None,
                    households: Sequence[tuple[str, str]] = ()) -> list[PendingFile]:
        """Decode and check uploads (``(file name, data URL)`` as ``dcc.Upload`` gives them)
        and keep the usable ones for the build of import ``token``; returns the files."""
        self._require()
        session = self.session(token)
        items = ([("batas", boundary)] if boundary else []) + [
            ("rumah_tangga", h) for h in households]
        decoded = [self._decode(role, name, data_url) for role, (name, data_url) in items]
        files = _checked_files(session, decoded)
        self.uploads.add(token, files)
        log.info("import %s: %d uploads checked (%d refused)", token, len(files),
                 sum(f.upload is None for f in files))
        return files

    def _decode(self, role: str, name: str, data_url: str) -> tuple[str, Any, dict | None]:
        """``(role, upload, None)``, or ``(role, None, entry)`` with the reason it was refused."""
        from layers.store import Upload

        try:
            return role, Upload.from_data_url(name, data_url, max_bytes=self.max_bytes), None
        except InputError as err:
            return role, None, {"nama": str(name), "peran": role, "bytes": None,
                                "galat": str(err)}

    def remove_upload(self, token: str | None, key: str) -> bool:
        return self.uploads.remove(token or "", key)

    def files(self, token: str | None) -> list[PendingFile]:
        return self.uploads.files(token)

    def files_state(self, token: str | None, period: str | None) -> dict[str, Any]:
        """What the upload step shows: the waiting files (``(key, entry)``), else the files of
        the build being checked, whether a build runs, the :func:`summary` of the files and
        whether ``period`` is one."""
        files = self.files(token)
        running = self.jobs.running(token)
        report = None if files or running else self.report(token)
        built = [(str(i), f) for i, f in enumerate((report or {}).get("files") or [])]
        return {"files": [(f.key, f.entry) for f in files], "built": built,
                "running": running, "summary": summary(files, max_bytes=self.max_bytes),
                "period_ok": valid_period(period) is not None}

    # -- step 2 ------------------------------------------------------------------------------

    def start_build(self, token: str | None, period: str | None) -> None:
        """Take the uploads of ``token`` and build them in a thread.

        Raises
        ------
        InputError
            No period, no boundary or household file, files refused, too large, or a build of
            this import already running (bilingual).
        """
        self._require()
        value = valid_period(period)
        if value is None:
            raise InputError("Periode harus berbentuk TTTT-BB, mis. 2026-11.",
                             "The period must be YYYY-MM, e.g. 2026-11.", column="periode")
        s = summary(self.files(token), max_bytes=self.max_bytes)
        if not token or not s["boundary"] or not s["households"] or s["refused"] or s["too_big"]:
            raise InputError(
                "Unggah satu berkas batas desa dan minimal satu berkas rumah tangga, tanpa "
                "berkas yang ditolak, dalam batas ukuran.",
                "Upload one village boundary file and at least one household file, with no "
                "refused file, within the size limit.")
        self._refuse_if_running(token)
        session = self.session(token)
        taken = self.uploads.take(token)
        # the thread gets the only references to the raw bytes; they are freed when it ends
        holder = [next(f.upload for f in taken if f.role == "batas" and f.upload),
                  [f.upload for f in taken if f.role == "rumah_tangga" and f.upload]]

        def work(progress):
            boundary, households = holder
            holder.clear()
            session.run_build(boundaries=boundary, households=households, period=value,
                              progress=progress)

        self.jobs.start(token, "bangun", work)

    def choices(self, token: str | None, values: Sequence[str | None],
                id_list: Sequence[dict]) -> list[tuple[str, str, str, str | None]]:
        """The name decisions of the review list's radio values (:func:`choices_from` over the
        names of the import's check report)."""
        report = self.report(token) or {}
        return choices_from(values or [], id_list or [], report.get("review") or [])

    def start_rerun(self, token: str | None, choices: Sequence[tuple]) -> int:
        """Save name decisions to the store's mapping file and build again in a thread.

        Returns
        -------
        int
            Decisions saved.
        """
        self._require()
        self._refuse_if_running(token)
        session = self.existing(token)
        n = session.resolve(choices)
        self.jobs.start(token, "bangun_ulang", lambda progress: session.rerun(progress=progress))
        return n

    def report(self, token: str | None) -> dict[str, Any] | None:
        """The check report of the import's staged build (``None`` before one exists)."""
        if not self.alive(token) or self.jobs.running(token):
            return None
        try:
            return self.session(token).report()
        except InputError:
            return None

    def rejected_csv(self, token: str | None) -> bytes:
        """``rejected.csv`` of the import's staged build (nothing personal in it)."""
        return self.existing(token).rejected_csv()

    def rejected_file(self, token: str | None) -> tuple[bytes, str]:
        """The download of the rejected rows: :meth:`rejected_csv` and its file name
        ``baris_ditolak_<period>.csv``."""
        report = self.report(token) or {}
        return self.rejected_csv(token), f"baris_ditolak_{report.get('periode') or 'impor'}.csv"

    def discard(self, token: str | None) -> None:
        """Drop an import: its uploads, its job state and its staging folder."""
        self._refuse_if_running(token, finishing=True)
        self.uploads.drop(token)
        self.jobs.forget(token)
        if self.alive(token):
            self.session(token).discard()

    # -- step 4 and versions -------------------------------------------------------------------

    def publish(self, token: str | None) -> str:
        """Publish the checked build and serve it; returns the new version id."""
        self._require()
        self._refuse_if_running(token, finishing=True)
        with self._serving:
            previous = self.datasets.current()
            vid = self.existing(token).publish()
            self._serve_current(previous)
        self.jobs.forget(token)
        self.uploads.drop(token)
        return vid

    def finish(self, client: str | None, action: str) -> dict[str, str]:
        """Publish (``action`` ``"publish"``) or discard the import of a page (``client``),
        whose next upload then starts a new import; returns the note the page shows:
        ``{"key": <locale key>, ...}``."""
        token = self.token(client)
        if action == "publish":
            note = {"key": "import.published", "version": self.publish(token)}
        else:
            self.discard(token)
            note = {"key": "import.discarded"}
        self.forget_client(client)
        return note

    def switch(self, version_id: str) -> None:
        """Serve another published version."""
        self._require()
        with self._serving:
            previous = self.datasets.current()
            self.datasets.switch(version_id)
            self._serve_current(previous)

    def delete(self, version_id: str) -> None:
        """Delete a version that is not being served."""
        self._require()
        with self._serving:
            self.datasets.delete(version_id)

    def act_on_version(self, action: str, version_id: str) -> dict[str, str]:
        """Serve (``action`` ``"switch"``) or delete a version; returns the note the page
        shows: ``{"key": <locale key>, "version": version_id}``."""
        if action == "switch":
            self.switch(version_id)
            return {"key": "import.published", "version": version_id}
        self.delete(version_id)
        return {"key": "import.versions.deleted", "version": version_id}

    def versions(self) -> list[dict[str, Any]]:
        """Published versions, newest first (:meth:`layers.store.DatasetStore.list_versions`)."""
        if not self.enabled:
            return []
        return list(reversed(self.datasets.list_versions()))

    def _serve_current(self, previous: str | None) -> None:
        """Load the store's current version and swap it in; on failure point ``current`` back
        to ``previous`` (still the dataset being served) and re-raise."""
        from dashboard.dataset import LoadedDataset

        try:
            dataset = LoadedDataset.load(self.datasets.current_dir(), settings=self.settings)
        except Exception:
            if previous is not None:
                self.datasets.switch(previous)
            raise
        self.live.swap(dataset)
        log.info("serving version %s", self.datasets.current())

    def _refuse_if_running(self, token: str | None, *, finishing: bool = False) -> None:
        """Raise the bilingual "a build is running" message when a job of ``token`` runs
        (``finishing``: the wording of publish and discard, which wait for it)."""
        if not self.jobs.running(token):
            return
        if finishing:
            raise InputError("Pembangunan dataset masih berjalan; tunggu sampai selesai.",
                             "The build is still running; wait until it finishes.")
        raise InputError("Pembangunan dataset untuk impor ini sedang berjalan.",
                         "A build for this import is already running.")

    def _require(self) -> None:
        if not self.enabled:
            raise ImportDisabled()


def _checked_files(session, decoded: Sequence[tuple[str, Any, dict | None]]
                   ) -> list[PendingFile]:
    """The decoded uploads checked by ``session`` (type and register layout), in order; a file
    refused when decoded or when checked keeps its entry with the reason and no bytes."""
    good = [(role, up) for role, up, _ in decoded if up is not None]
    checked = iter(session.inspect(
        boundaries=next((up for role, up in good if role == "batas"), None),
        households=[up for role, up in good if role == "rumah_tangga"])["files"])
    files: list[PendingFile] = []
    for role, up, refused in decoded:
        if refused is not None:
            files.append(PendingFile(key="", role=role, entry=refused))
            continue
        entry = next(checked)
        ok = "galat" not in entry
        files.append(PendingFile(
            key="", role=role, entry=entry, upload=up if ok else None,
            digest=hashlib.sha256(up.content).hexdigest() if ok else ""))
    return files
