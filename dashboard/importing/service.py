"""The server side of the import page: uploads waiting for a build, builds running in a thread,
publishing into the dataset store and swapping the dataset the app serves.

Nothing here imports dash. One :class:`ImportService` lives in the app; callbacks keep only
the import's token (never a file's content) and call one method each.

- **Uploads** are decoded when they arrive, their type and layout shown
  (:meth:`layers.importer.ImportSession.inspect`), and held in this process's memory only,
  until the build starts (:meth:`ImportService.start_build` takes them out), the import is
  discarded, or they are older than ``ttl`` seconds. They are never written anywhere by this
  module; the importer writes household files into a private folder for the build and deletes
  it right after (success or failure).
- **Builds** run in a daemon thread (:class:`Jobs`); the page polls their progress, so the page
  and the map stay usable. A server killed mid-build leaves ``staging/<token>`` unlocked, and
  :meth:`layers.datasets.DatasetStore.recover` removes it at the next start: the previous
  dataset keeps serving.
- **Publishing** (:meth:`ImportService.publish`) renames the checked build into ``versions/``
  and flips ``current`` (the store does both atomically), then loads the new dataset fully and
  swaps it into the :class:`~dashboard.live.LiveStore`; if it cannot be loaded, ``current`` is
  switched back and the previous dataset keeps serving.

Uploads and progress are kept per process: serve the app with one process (``python app.py``
or ``gunicorn -w 1 --threads 8 app:server``).
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from layers.errors import InputError

log = logging.getLogger(__name__)

#: the data period as the import page asks for it
PERIOD_RE = re.compile(r"(19|20)\d\d-(0[1-9]|1[0-2])")
#: uploads not built after this many seconds are dropped from memory
UPLOAD_TTL = 3600.0


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
    layers.datasets.DatasetStore
        The store; ``current_dir()`` is the dataset to serve.
    """
    from layers.datasets import DatasetStore

    store = DatasetStore(store_dir)
    report = store.recover()
    if store.current() is None:
        store.ensure_seeded(seed)
    log.info("dataset store opened: current %s (%d unfinished imports removed)",
             store.current(), report["staging_removed"])
    return store


def valid_period(text: str | None) -> str | None:
    """The period ``YYYY-MM`` stripped, or ``None`` when it is not one."""
    value = str(text or "").strip()
    return value if PERIOD_RE.fullmatch(value) else None


# --------------------------------------------------------------------------------------------
# uploads waiting for a build
# --------------------------------------------------------------------------------------------

@dataclass
class PendingFile:
    """One upload: its check result (what the page shows) and, if usable, its bytes."""

    key: str
    role: str                 # "batas" or "rumah_tangga"
    entry: dict[str, Any]     # nama, peran, bytes, jenis, layout, register, label_*, galat
    upload: Any = None        # layers.importer.Upload, None when refused
    digest: str = ""


@dataclass
class _Pending:
    files: list[PendingFile] = field(default_factory=list)
    touched: float = field(default_factory=time.monotonic)
    counter: int = 0


class PendingUploads:
    """Uploads of each import, in memory, until the build takes them (thread-safe)."""

    def __init__(self, *, ttl: float = UPLOAD_TTL):
        self.ttl = ttl
        self._items: dict[str, _Pending] = {}
        self._lock = threading.Lock()

    def add(self, token: str, files: Sequence[PendingFile]) -> None:
        """Add checked files; a boundary file replaces the earlier one, a household file
        with the same name and content as one already there is not added twice."""
        with self._lock:
            self._purge_locked()
            item = self._items.setdefault(token, _Pending())
            for f in files:
                item.counter += 1
                f.key = f"f{item.counter}"
                if f.role == "batas":
                    item.files = [g for g in item.files if g.role != "batas"]
                    item.files.insert(0, f)
                elif not any(g.digest == f.digest and g.entry["nama"] == f.entry["nama"]
                             and f.digest for g in item.files):
                    item.files.append(f)
            item.touched = time.monotonic()

    def remove(self, token: str, key: str) -> bool:
        with self._lock:
            item = self._items.get(token)
            if item is None:
                return False
            before = len(item.files)
            item.files = [f for f in item.files if f.key != key]
            item.touched = time.monotonic()
            return len(item.files) < before

    def files(self, token: str | None) -> list[PendingFile]:
        """The files of an import, boundary first (copies of the list, shared entries)."""
        with self._lock:
            self._purge_locked()
            item = self._items.get(token or "")
            return list(item.files) if item else []

    def take(self, token: str) -> list[PendingFile]:
        """Remove and return the files of an import (the build owns them from now on)."""
        with self._lock:
            item = self._items.pop(token, None)
            return list(item.files) if item else []

    def drop(self, token: str | None) -> None:
        with self._lock:
            self._items.pop(token or "", None)

    def tokens(self) -> list[str]:
        with self._lock:
            return list(self._items)

    def _purge_locked(self) -> None:
        now = time.monotonic()
        for token in [t for t, i in self._items.items() if now - i.touched > self.ttl]:
            del self._items[token]
            log.info("import %s: uploads not built within %.0f s dropped", token, self.ttl)


def summary(files: Sequence[PendingFile], *, max_bytes: int) -> dict[str, Any]:
    """What the build button needs to know about the uploads of one import.

    Returns
    -------
    dict
        ``boundary`` (a usable boundary file), ``households`` (usable household files),
        ``refused`` (files refused), ``bytes`` (total of the usable files), ``too_big``.
    """
    usable = [f for f in files if f.upload is not None]
    total = sum(len(f.upload.content) for f in usable)
    return {"boundary": any(f.role == "batas" for f in usable),
            "households": sum(f.role == "rumah_tangga" for f in usable),
            "refused": sum(f.upload is None for f in files),
            "bytes": total, "too_big": total > max_bytes}


# --------------------------------------------------------------------------------------------
# builds in a thread
# --------------------------------------------------------------------------------------------

class Jobs:
    """Builds running in daemon threads, with their progress, keyed by import token."""

    def __init__(self):
        self._state: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def start(self, token: str, kind: str, work: Callable[[Callable], Any]) -> bool:
        """Run ``work(progress)`` in a thread; ``False`` when a job of ``token`` still runs.

        ``progress(step, total, key)`` updates the job's state; the job ends ``done`` with
        ``work``'s result or ``failed`` with the bilingual message of the error.
        """
        with self._lock:
            if self._state.get(token, {}).get("state") == "running":
                return False
            self._state[token] = {"kind": kind, "state": "running", "step": 0, "total": 0,
                                  "key": None, "galat": None, "started": time.monotonic(),
                                  "ended": None}

        def progress(step: int, total: int, key: str) -> None:
            with self._lock:
                self._state[token].update(step=int(step), total=int(total), key=key)

        def run() -> None:
            try:
                work(progress)
            except InputError as err:
                self._end(token, "failed", str(err))
            except Exception as err:                      # a bug: no details reach the page
                log.error("import %s: %s failed (%s)", token, kind, type(err).__name__)
                self._end(token, "failed",
                          f"Kesalahan internal ({type(err).__name__}); dataset yang tayang "
                          f"tidak berubah.\nInternal error ({type(err).__name__}); the "
                          "dataset being served has not changed.")
            else:
                self._end(token, "done", None)

        threading.Thread(target=run, name=f"impor-{kind}-{token}", daemon=True).start()
        return True

    def state(self, token: str | None) -> dict[str, Any] | None:
        """A copy of the job's state (``None`` when no job ran for ``token``)."""
        with self._lock:
            state = self._state.get(token or "")
            if state is None:
                return None
            out = dict(state)
        end = out["ended"] if out["ended"] is not None else time.monotonic()
        out["seconds"] = round(end - out["started"], 1)
        return out

    def running(self, token: str | None) -> bool:
        state = self.state(token)
        return bool(state and state["state"] == "running")

    def forget(self, token: str | None) -> None:
        with self._lock:
            self._state.pop(token or "", None)

    def wait(self, token: str, timeout: float = 120.0) -> dict[str, Any] | None:
        """Block until the job of ``token`` has ended (tests, scripts)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.state(token)
            if state is None or state["state"] != "running":
                return state
            time.sleep(0.05)
        return self.state(token)

    def _end(self, token: str, state: str, galat: str | None) -> None:
        with self._lock:
            self._state[token].update(state=state, galat=galat, ended=time.monotonic())


# --------------------------------------------------------------------------------------------
# the service
# --------------------------------------------------------------------------------------------

class ImportService:
    """Everything the import page does, for one app.

    Parameters
    ----------
    datasets
        The dataset store (:func:`open_store`), or ``None`` when the app serves one dataset
        directory read-only (every method then raises :class:`ImportDisabled`).
    live
        The app's :class:`~dashboard.live.LiveStore` (swapped after publish / switch).
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
        """The :class:`layers.importer.ImportSession` of ``token`` (a new one for ``None``)."""
        from layers.importer import ImportSession

        self._require()
        return ImportSession(self.datasets, token, max_bytes=self.max_bytes)

    def existing(self, token: str | None):
        """The :class:`layers.importer.ImportSession` of an import that exists.

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

    def add_uploads(self, token: str, *, boundary: tuple[str, str] | None = None,
                    households: Sequence[tuple[str, str]] = ()) -> list[PendingFile]:
        """Decode and check uploads (``(file name, data URL)`` as ``dcc.Upload`` gives them)
        and keep the usable ones for the build of import ``token``; returns the files."""
        from layers.importer import Upload

        self._require()
        session = self.session(token)
        decoded: list[tuple[str, Any, dict | None]] = []
        items = ([("batas", boundary)] if boundary else []) + [
            ("rumah_tangga", h) for h in households]
        for role, (name, data_url) in items:
            try:
                decoded.append((role, Upload.from_data_url(name, data_url,
                                                           max_bytes=self.max_bytes), None))
            except InputError as err:
                decoded.append((role, None, {"nama": str(name), "peran": role, "bytes": None,
                                             "galat": str(err)}))
        files: list[PendingFile] = []
        good = [(role, up) for role, up, _ in decoded if up is not None]
        checked = iter(session.inspect(
            boundaries=next((up for role, up in good if role == "batas"), None),
            households=[up for role, up in good if role == "rumah_tangga"])["files"])
        by_role = {"batas": [], "rumah_tangga": []}
        for role, up, refused in decoded:
            by_role[role].append((up, refused))
        for role in ("batas", "rumah_tangga"):
            for up, refused in by_role[role]:
                if refused is not None:
                    files.append(PendingFile(key="", role=role, entry=refused))
                    continue
                entry = next(checked)
                ok = "galat" not in entry
                files.append(PendingFile(
                    key="", role=role, entry=entry, upload=up if ok else None,
                    digest=hashlib.sha256(up.content).hexdigest() if ok else ""))
        self.uploads.add(token, files)
        log.info("import %s: %d uploads checked (%d refused)", token, len(files),
                 sum(f.upload is None for f in files))
        return files

    def remove_upload(self, token: str | None, key: str) -> bool:
        return self.uploads.remove(token or "", key)

    def files(self, token: str | None) -> list[PendingFile]:
        return self.uploads.files(token)

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
        files = self.files(token)
        s = summary(files, max_bytes=self.max_bytes)
        if not token or not s["boundary"] or not s["households"] or s["refused"] or s["too_big"]:
            raise InputError(
                "Unggah satu berkas batas desa dan minimal satu berkas rumah tangga, tanpa "
                "berkas yang ditolak, dalam batas ukuran.",
                "Upload one village boundary file and at least one household file, with no "
                "refused file, within the size limit.")
        if self.jobs.running(token):
            raise InputError("Pembangunan dataset untuk impor ini sedang berjalan.",
                             "A build for this import is already running.")
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

    def start_rerun(self, token: str | None, choices: Sequence[tuple]) -> int:
        """Save name decisions to the store's mapping file and build again in a thread.

        Returns
        -------
        int
            Decisions saved.
        """
        self._require()
        if self.jobs.running(token):
            raise InputError("Pembangunan dataset untuk impor ini sedang berjalan.",
                             "A build for this import is already running.")
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

    def discard(self, token: str | None) -> None:
        """Drop an import: its uploads, its job state and its staging folder."""
        if self.jobs.running(token):
            raise InputError("Pembangunan dataset masih berjalan; tunggu sampai selesai.",
                             "The build is still running; wait until it finishes.")
        self.uploads.drop(token)
        self.jobs.forget(token)
        if self.alive(token):
            self.session(token).discard()

    # -- step 4 and versions -------------------------------------------------------------------

    def publish(self, token: str | None) -> str:
        """Publish the checked build and serve it; returns the new version id."""
        self._require()
        if self.jobs.running(token):
            raise InputError("Pembangunan dataset masih berjalan; tunggu sampai selesai.",
                             "The build is still running; wait until it finishes.")
        with self._serving:
            previous = self.datasets.current()
            vid = self.existing(token).publish()
            self._serve_current(previous)
        self.jobs.forget(token)
        self.uploads.drop(token)
        return vid

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

    def versions(self) -> list[dict[str, Any]]:
        """Published versions, newest first (:meth:`layers.datasets.DatasetStore.list_versions`)."""
        if not self.enabled:
            return []
        return list(reversed(self.datasets.list_versions()))

    def _serve_current(self, previous: str | None) -> None:
        """Load the store's current version and swap it in; on failure point ``current`` back
        to ``previous`` (still the dataset being served) and re-raise."""
        from ..store import Store

        try:
            store = Store.load(self.datasets.current_dir(), settings=self.settings)
        except Exception:
            if previous is not None:
                self.datasets.switch(previous)
            raise
        self.live.swap(store)
        log.info("serving version %s", self.datasets.current())

    def _require(self) -> None:
        if not self.enabled:
            raise ImportDisabled()
