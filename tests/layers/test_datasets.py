"""Dataset store: publish, switch, delete, recover after interrupted imports, seeding."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from layers.store import (COMPLETE_MARKER, CONTRACT_FILES, DatasetStore, FileLock, StoreError,
                          is_complete)

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "data" / "demo"


def _fake_build(folder: Path, *, period: str | None, kept: int = 10,
                skip: tuple[str, ...] = ()) -> Path:
    """A staged build with every contract file (tiny contents) and a meta.json with counts."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in CONTRACT_FILES:
        if name in skip:
            continue
        if name == "meta.json":
            meta = {"periode": period,
                    "wilayah": {"kode": "9901", "nama": "Kabupaten Contoh",
                                "tingkat": "kabupaten"},
                    "batas_wilayah": {"desa": 4},
                    "registers": [{"register": "dtks", "label_id": "DTKS", "label_en": "DTKS",
                                   "rows_read": kept * 3, "duplicates": 1, "rejected": 2,
                                   "kept": kept, "match_rate": 0.95, "names_to_review": 1,
                                   "files": [{"name": "a.csv", "sha256": "0" * 64}]}]}
            (folder / name).write_text(json.dumps(meta), encoding="utf-8")
        else:
            (folder / name).write_bytes(f"{name} {kept}".encode())
    return folder


def _staged(store: DatasetStore, period: str | None, **kw) -> str:
    token = store.new_staging()
    _fake_build(store.staging_root / token / "dataset", period=period, **kw)
    return token


def _pointer(store: DatasetStore) -> dict:
    return json.loads((store.root / "current").read_text(encoding="utf-8"))


@pytest.fixture
def store(tmp_path) -> DatasetStore:
    return DatasetStore(tmp_path / "store")


# --------------------------------------------------------------------------------------------
# publish / list / switch
# --------------------------------------------------------------------------------------------

def test_publish_moves_the_build_into_versions_and_flips_current(store):
    token = _staged(store, "2026-10", kept=7)
    assert store.current() is None and store.current_dir() is None

    vid = store.publish(token)

    assert vid == "2026-10"
    assert store.current() == "2026-10"
    assert store.current_dir() == store.versions_dir / "2026-10"
    assert _pointer(store) == {"id": "2026-10"}
    assert is_complete(store.versions_dir / "2026-10")
    marker = json.loads((store.versions_dir / "2026-10" / COMPLETE_MARKER).read_text())
    assert marker["nomor"] == 1 and marker["sumber"] == "import"
    assert not (store.staging_root / token).exists()
    assert sorted(p.name for p in (store.versions_dir / "2026-10").iterdir()) == sorted(
        [*CONTRACT_FILES, COMPLETE_MARKER])
    assert not list(store.root.glob(".current.tmp-*"))


def test_republished_period_gets_a_suffix_and_versions_list_in_order(store):
    first = store.publish(_staged(store, "2026-10", kept=5))
    second = store.publish(_staged(store, "2026-11", kept=6))
    third = store.publish(_staged(store, "2026-10", kept=9))
    untimed = store.publish(_staged(store, None, kept=2))

    assert (first, second, third, untimed) == ("2026-10", "2026-11", "2026-10-2",
                                                "tanpa-periode")
    versions = store.list_versions()
    assert [v["id"] for v in versions] == ["2026-10", "2026-11", "2026-10-2", "tanpa-periode"]
    assert [v["nomor"] for v in versions] == [1, 2, 3, 4]
    assert [v["current"] for v in versions] == [False, False, False, True]
    v = versions[2]
    assert v["periode"] == "2026-10" and v["wilayah"]["nama"] == "Kabupaten Contoh"
    assert v["desa"] == 4 and v["sumber"] == "import"
    assert v["registers"] == [{"register": "dtks", "label_id": "DTKS", "label_en": "DTKS",
                               "rows_read": 27, "duplicates": 1, "rejected": 2, "kept": 9,
                               "match_rate": 0.95, "names_to_review": 1}]
    json.dumps(versions)                                     # plain JSON for the browser


def test_publish_refuses_an_incomplete_build_and_keeps_serving(store):
    store.publish(_staged(store, "2026-10"))
    token = _staged(store, "2026-11", skip=("rejected.csv",))

    with pytest.raises(StoreError) as err:
        store.publish(token)

    msg = str(err.value)
    assert "rejected.csv" in msg and "belum lengkap" in msg and "not complete" in msg
    assert store.current() == "2026-10"
    assert [v["id"] for v in store.list_versions()] == ["2026-10"]
    assert (store.staging_root / token / "dataset").is_dir()


def test_publish_refuses_while_the_build_is_still_running(store):
    token = _staged(store, "2026-10")
    running = store.staging_lock(token)
    assert running.acquire(blocking=False)
    try:
        with pytest.raises(StoreError, match="still running"):
            store.publish(token)
    finally:
        running.release()
    assert store.publish(token) == "2026-10"


def test_switch_serves_another_version_and_refuses_unknown_ones(store):
    store.publish(_staged(store, "2026-10"))
    store.publish(_staged(store, "2026-11"))
    assert store.current() == "2026-11"

    store.switch("2026-10")

    assert store.current() == "2026-10" and _pointer(store) == {"id": "2026-10"}
    with pytest.raises(StoreError, match="2027-01"):
        store.switch("2027-01")
    for bad in ("../2026-10", "..", "", "a/b"):
        with pytest.raises(StoreError):
            store.switch(bad)
    assert store.current() == "2026-10"


def test_reading_current_never_sees_a_half_written_pointer(store):
    store.publish(_staged(store, "2026-10"))
    store.publish(_staged(store, "2026-11"))
    seen, stop = [], threading.Event()

    def read():
        while not stop.is_set():
            seen.append(store._read_pointer())

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for i in range(200):
            store.switch("2026-10" if i % 2 else "2026-11")
    finally:
        stop.set()
        reader.join()
    assert len(seen) > 10
    assert set(seen) <= {"2026-10", "2026-11"}


def test_a_failed_pointer_replace_leaves_the_old_pointer(store, monkeypatch):
    store.publish(_staged(store, "2026-10"))
    store.publish(_staged(store, "2026-11"))

    def broken(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        store.switch("2026-10")
    monkeypatch.undo()
    assert store.current() == "2026-11" and _pointer(store) == {"id": "2026-11"}
    assert not list(store.root.glob(".current.tmp-*"))


# --------------------------------------------------------------------------------------------
# delete
# --------------------------------------------------------------------------------------------

def test_delete_refuses_the_version_being_served_with_a_bilingual_message(store):
    store.publish(_staged(store, "2026-10"))
    store.publish(_staged(store, "2026-11"))

    with pytest.raises(StoreError) as err:
        store.delete("2026-11")

    assert str(err.value) == (
        "Versi '2026-11' sedang ditayangkan dan tidak dapat dihapus; tayangkan versi lain "
        "dulu.\nVersion '2026-11' is the one being served and cannot be deleted; switch to "
        "another version first.")
    assert is_complete(store.versions_dir / "2026-11")

    store.delete("2026-10")

    assert not (store.versions_dir / "2026-10").exists()
    assert [v["id"] for v in store.list_versions()] == ["2026-11"]
    assert list(store.trash_dir.iterdir()) == []
    with pytest.raises(StoreError, match="does not exist"):
        store.delete("2026-10")


# --------------------------------------------------------------------------------------------
# recover
# --------------------------------------------------------------------------------------------

def test_recover_removes_what_an_interrupted_import_left_behind(store):
    store.publish(_staged(store, "2026-10"))
    # a build killed half-way: dataset without _COMPLETE, raw uploads still on disk
    token = _staged(store, "2026-11", skip=("meta.json", "rejected.csv"))
    raw = store.staging_root / token / ".raw-abc"
    raw.mkdir()
    (raw / "DTKS.csv").write_text("NOMOR_NIK\n9901010101010001\n", encoding="utf-8")
    (store.staging_root / token / "dataset.tmp-1").mkdir()
    # a pointer replace interrupted before os.replace: half a JSON in the temp file
    (store.root / ".current.tmp-x1y2").write_text('{"id": "2026-', encoding="utf-8")
    (store.root / ".mapping-abc.csv").write_text("tingkat,induk", encoding="utf-8")
    # a delete interrupted after its rename
    (store.trash_dir / "2026-09-xyz" / "2026-09").mkdir(parents=True)

    report = store.recover()

    assert report == {"staging_removed": 1, "temp_removed": 2, "trash_removed": 1,
                      "current": "2026-10", "fallback": False, "incomplete": []}
    assert list(store.staging_root.iterdir()) == []
    assert list(store.trash_dir.iterdir()) == []
    assert sorted(p.name for p in store.root.iterdir()) == [
        ".lock", "current", "staging", "trash", "versions"]
    assert store.current() == "2026-10" and is_complete(store.current_dir())


def test_recover_keeps_the_staging_folder_of_a_running_build(store):
    token = _staged(store, "2026-10")
    idle = _staged(store, "2026-10")
    running = store.staging_lock(token)
    assert running.acquire(blocking=False)
    try:
        report = store.recover()
    finally:
        running.release()
    assert report["staging_removed"] == 1
    assert (store.staging_root / token).is_dir()
    assert not (store.staging_root / idle).exists()


def test_recover_falls_back_to_the_newest_complete_version(store):
    store.publish(_staged(store, "2026-10"))
    store.publish(_staged(store, "2026-11"))
    store.publish(_staged(store, "2026-12"))
    # the served version lost a file (disk trouble, a hand edit): never served again
    (store.versions_dir / "2026-12" / "desa.parquet").unlink()
    # a version folder without marker (copied by hand half-way)
    _fake_build(store.versions_dir / "2027-01", period="2027-01")

    assert store.current() == "2026-11"                      # reading already falls back
    assert _pointer(store) == {"id": "2026-12"}

    report = store.recover()

    assert report["current"] == "2026-11" and report["fallback"] is True
    assert report["incomplete"] == ["2026-12", "2027-01"]
    assert _pointer(store) == {"id": "2026-11"}
    assert [v["id"] for v in store.list_versions()] == ["2026-10", "2026-11"]


def test_recover_with_a_missing_pointer_picks_the_newest(store):
    store.publish(_staged(store, "2026-10"))
    store.publish(_staged(store, "2026-11"))
    store.switch("2026-10")
    (store.root / "current").unlink()

    assert store.recover()["current"] == "2026-11"
    assert _pointer(store) == {"id": "2026-11"}


def test_file_lock_excludes_a_second_holder_in_the_same_process(tmp_path):
    a, b = FileLock(tmp_path / "x.lock"), FileLock(tmp_path / "x.lock")
    assert a.acquire(blocking=False)
    assert not b.acquire(blocking=False)
    assert not b.acquire(timeout=0.2)
    a.release()
    assert b.acquire(blocking=False)
    b.release()


def test_an_unknown_or_malformed_staging_token_is_refused(store):
    with pytest.raises(StoreError, match="Invalid import token"):
        store.staging_dir("../../etc")
    with pytest.raises(StoreError, match="no longer exists"):
        store.staging_dir("0123456789abcdef")


# --------------------------------------------------------------------------------------------
# seeding from the committed demo
# --------------------------------------------------------------------------------------------

def test_ensure_seeded_publishes_the_demo_once_without_its_inputs(store):
    assert (DEMO / "input").is_dir()
    vid = store.ensure_seeded(DEMO)

    assert vid == "2026-10" and store.current() == "2026-10"
    folder = store.current_dir()
    assert sorted(p.name for p in folder.iterdir()) == sorted([*CONTRACT_FILES, COMPLETE_MARKER])
    for name in CONTRACT_FILES:
        assert (folder / name).read_bytes() == (DEMO / name).read_bytes()
    [info] = store.list_versions()
    meta = json.loads((DEMO / "meta.json").read_text(encoding="utf-8"))
    assert info["sumber"] == "demo" and info["current"] is True
    assert [r["kept"] for r in info["registers"]] == [r["kept"] for r in meta["registers"]]
    assert info["desa"] == meta["batas_wilayah"]["desa"]

    assert store.ensure_seeded(DEMO) is None
    assert [v["id"] for v in store.list_versions()] == ["2026-10"]


def test_ensure_seeded_refuses_an_incomplete_demo(store, tmp_path):
    demo = _fake_build(tmp_path / "demo", period="2026-10", skip=("subdesa.parquet",))
    with pytest.raises(StoreError, match="subdesa.parquet"):
        store.ensure_seeded(demo)
    assert store.list_versions() == []


# --------------------------------------------------------------------------------------------
# a server killed during a build
# --------------------------------------------------------------------------------------------

_KILLED_BUILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from layers.store import DatasetStore, ImportSession, Upload

    store, inp = DatasetStore(sys.argv[1]), Path(sys.argv[2])
    session = ImportSession(store)
    households = [Upload(p.name, p.read_bytes())
                  for d in ("dtks", "p3ke") for p in sorted((inp / d).iterdir())]

    def progress(step, total, key):
        print(key, session.token, flush=True)

    session.run_build(boundaries=Upload("batas_desa.geojson",
                                        (inp / "batas_desa.geojson").read_bytes()),
                      households=households, period="2026-11", progress=progress)
    print("finished", flush=True)
""")


@pytest.mark.slow
def test_killing_the_server_during_a_build_leaves_the_previous_dataset_serving(store):
    store.ensure_seeded(DEMO)
    before = store.list_versions()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_BUILD, str(store.root),
                             str(DEMO / "input")], stdout=subprocess.PIPE, text=True, env=env,
                            cwd=REPO)
    try:
        token = None
        for line in proc.stdout:
            key, token = line.split()
            if key == "bangun":
                break
        assert token is not None
        time.sleep(1.0)                                  # well inside the ~6 s build
        assert proc.poll() is None, "the build ended before it could be killed"
        raw = list((store.staging_root / token).glob(".raw-*/*"))
        assert len(raw) == 15                            # raw uploads on disk mid-build
    finally:
        proc.kill()                                      # SIGKILL: no finally runs in there
        proc.wait(timeout=30)
        proc.stdout.close()

    assert (store.staging_root / token).is_dir()
    assert not (store.staging_root / token / "dataset").exists()

    report = store.recover()

    assert report["staging_removed"] == 1 and report["current"] == "2026-10"
    assert report["fallback"] is False
    assert list(store.staging_root.iterdir()) == []      # raw uploads gone with it
    assert store.current() == "2026-10" and is_complete(store.current_dir())
    assert store.list_versions() == before
