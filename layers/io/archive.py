"""Files, folders and zips as the table files they hold (:class:`InputFile`).

One rule says which folder or archive members are data files (:func:`skipped_member`): reading
and upload checking use it both, so they agree on what a zip holds. Zip members are copied to a
private seekable file ("spooled": in memory, on disk when large) before they are read.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from layers.errors import InputError
from layers.io.guard import guard_archive
from layers.io.sniff import BLOCK_BYTES, sniff_kind

__all__ = ["InputFile", "expand_inputs", "skipped_member", "table_members"]

_SPOOL_BYTES = 64 << 20          # zip members up to this size stay in memory, larger spill to disk
_SKIP_NAMES = {"__macosx", "thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class InputFile:
    """One table file to read: a file on disk or a member of a (possibly nested) zip.

    Attributes
    ----------
    name
        Display name without machine paths: ``kec_sambong.csv``, ``kiriman/desa_a.xlsx`` (inside
        a folder given as input) or ``kiriman.zip:sambong/desa_a.csv`` (inside a zip).
    source
        The file on disk (the outer zip for members).
    members
        Path of the member inside each nested zip, outermost first; empty for plain files.
    sha256
        SHA-256 (hex) of the original file's bytes (of the member, for zip members).
    size
        Size in bytes.
    """

    name: str
    source: Path
    members: tuple[str, ...] = ()
    sha256: str = ""
    size: int = 0

    def open(self) -> IO[bytes]:
        """Open the original bytes as a seekable binary file (close it after use)."""
        fh: IO[bytes] = open(self.source, "rb")
        try:
            for member in self.members:
                with zipfile.ZipFile(fh) as zf:
                    inner, _, _ = _spool_member(zf, member)
                fh.close()
                fh = inner
        except (zipfile.BadZipFile, zlib.error, RuntimeError, KeyError, OSError, EOFError):
            fh.close()
            raise _damaged_zip(self.name) from None
        return fh


def expand_inputs(paths: str | os.PathLike | Iterable[str | os.PathLike]) -> list[InputFile]:
    """Expand files, folders and zips into the table files they hold.

    Parameters
    ----------
    paths
        One path or several. A folder is walked recursively in sorted order; a zip (detected by
        content) is opened and its members listed, nested folders and nested zips included.
        Hidden and temporary files (``.x``, ``~$x.xlsx``, ``__MACOSX``, ``Thumbs.db``) are skipped.
        A zip is checked against zip bombs before anything is unpacked
        (:func:`layers.io.guard.guard_archive`).

    Returns
    -------
    list of InputFile
        In input order, each with display name and SHA-256 of its original bytes.

    Raises
    ------
    InputError
        A path that does not exist, a damaged zip, or a zip that unpacks too large, too
        compressed or nested too deep.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    out: list[InputFile] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError("Berkas atau folder tidak ditemukan.", "File or folder not found.",
                             file=path.name or str(raw))
        if path.is_dir():
            out.extend(_expand_folder(path))
        else:
            out.extend(_expand_file(path, path.name))
    return out


def skipped_member(parts: Sequence[str]) -> bool:
    """True for a folder or archive member that is not a data file (hidden, temporary, system).

    The one rule for what counts inside a folder or a zip: reading and upload checking use it
    both, so they agree on which members a zip holds.
    """
    for part in parts:
        low = part.casefold()
        if part.startswith((".", "~")) or low in _SKIP_NAMES or low.endswith((".tmp", "~")):
            return True
    return False


def table_members(zf: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The members of a zip that are data files (see :func:`skipped_member`), sorted by name
    without regard to case."""
    infos = [i for i in zf.infolist() if not i.is_dir()]
    infos.sort(key=lambda i: i.filename.casefold())
    return [i for i in infos if not skipped_member(PurePosixPath(i.filename).parts)]


def _expand_folder(path: Path) -> list[InputFile]:
    base = path.resolve().name or "folder"
    files = [p for p in path.rglob("*") if p.is_file()]
    files.sort(key=lambda p: p.relative_to(path).as_posix().casefold())
    out: list[InputFile] = []
    for f in files:
        rel = f.relative_to(path)
        if not skipped_member(rel.parts):
            out.extend(_expand_file(f, f"{base}/{rel.as_posix()}"))
    return out


def _expand_file(path: Path, display: str) -> list[InputFile]:
    with open(path, "rb") as fh:
        kind = sniff_kind(fh)
        if kind == "zip":
            guard_archive(fh, display)          # sizes, ratios and depth before unpacking
            return _expand_archive(fh, display, path, ())
    digest, size = file_digest(path)
    return [InputFile(name=display, source=path, sha256=digest, size=size)]


def _expand_archive(fh: IO[bytes], display: str, source: Path,
                    chain: tuple[str, ...]) -> list[InputFile]:
    out: list[InputFile] = []
    try:
        with zipfile.ZipFile(fh) as zf:
            for info in table_members(zf):
                name = f"{display}:{info.filename}"
                spool, digest, size = _spool_member(zf, info)
                with spool:
                    if sniff_kind(spool) == "zip":
                        out.extend(_expand_archive(spool, name, source, (*chain, info.filename)))
                    else:
                        out.append(InputFile(name=name, source=source,
                                             members=(*chain, info.filename),
                                             sha256=digest, size=size))
    except (zipfile.BadZipFile, zlib.error, RuntimeError, OSError, EOFError,
            NotImplementedError):
        raise _damaged_zip(display) from None
    return out


def _damaged_zip(name: str) -> InputError:
    return InputError("Arsip zip rusak atau terkunci sandi.",
                      "The zip archive is damaged or password-protected.", file=name)


def _spool_member(zf: zipfile.ZipFile, member: str | zipfile.ZipInfo) -> tuple[IO[bytes], str, int]:
    """Copy a zip member to a seekable private file (memory, or a temp file when large)."""
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)
    digest = hashlib.sha256()
    size = 0
    try:
        with zf.open(member) as src:
            while block := src.read(BLOCK_BYTES):
                digest.update(block)
                spool.write(block)
                size += len(block)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool, digest.hexdigest(), size


def sha256_file(path: str | os.PathLike) -> str:
    """SHA-256 (hex) of a file's bytes, read in blocks: the one file digest of the project."""
    return file_digest(path)[0]


def file_digest(path: str | os.PathLike) -> tuple[str, int]:
    """SHA-256 (hex) and size in bytes of a file, read in blocks."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while block := fh.read(BLOCK_BYTES):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size
