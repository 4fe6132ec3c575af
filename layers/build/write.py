"""Writing a dataset directory: all files or none, the same bytes for the same inputs.

Files go to a temporary directory beside the target, which replaces the target only when every
file is written (no timestamps, sorted rows, stable column order).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyproj

from layers.build.register import RegisterBuild
from layers.indicators.extras import DesaExtras

_WGS84 = pyproj.CRS.from_epsg(4326)


def write_dataset(out: Path, desa: gpd.GeoDataFrame, levels: dict, builds: list[RegisterBuild],
                  meta: dict, extras: DesaExtras, qa: dict, *, keep: list[str]) -> None:
    """Write every file of the data contract into ``out``, replacing it atomically.

    ``keep`` names entries of an existing ``out`` carried over into the new one.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    tmp.chmod(0o755)
    try:
        _write_parquet(desa, tmp / "desa.parquet")
        for level, frame in levels.items():
            _write_parquet(frame, tmp / f"{level}.parquet")
        _write_subdesa(builds, tmp / "subdesa.parquet")
        _write_csv(_match_report(builds, extras, qa), tmp / "match_report.csv")
        _write_csv(_rejected(builds, extras), tmp / "rejected.csv")
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1,
                                                  default=_json_default) + "\n",
                                       encoding="utf-8")
        _replace_dir(tmp, out, keep=keep)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _json_default(value):
    if hasattr(value, "item"):
        return value.item()
    if value is pd.NA:
        return None
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    if isinstance(frame, gpd.GeoDataFrame):
        # one spelling of EPSG:4326 in the file metadata, whatever CRS object the geometry
        # arrived with (a CRS read from a file's WKT serialises differently): same bytes
        frame = frame.set_crs(_WGS84, allow_override=True)
        frame.to_parquet(path, index=False, compression="zstd", write_covering_bbox=False)
    else:
        frame.to_parquet(path, index=False, compression="zstd")


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    from layers.io.cells import safe_frame  # no text cell may start a formula

    safe_frame(frame).to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def _with_register(frame: pd.DataFrame, register: str) -> pd.DataFrame:
    """A copy of ``frame`` with a first column ``register``."""
    frame = frame.copy()
    frame.insert(0, "register", register)
    return frame


def _write_subdesa(builds: list[RegisterBuild], path: Path) -> None:
    frames = [_with_register(rb.subdesa, rb.register) for rb in builds]
    sub = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    sub.to_parquet(path, index=False, compression="zstd")


def _match_report(builds: list[RegisterBuild], extras: DesaExtras, qa: dict) -> pd.DataFrame:
    frames = []
    if "codes_report" in qa:
        frames.append(_with_register(qa["codes_report"], "batas"))
    frames += [_with_register(rb.report, rb.register) for rb in builds]
    frames += [f for f in extras.reports if len(f)]
    return pd.concat(frames, ignore_index=True)


def _rejected(builds: list[RegisterBuild], extras: DesaExtras) -> pd.DataFrame:
    frames = [_with_register(rb.data.rejected, rb.register) for rb in builds]
    frames += [f for f in extras.rejected if len(f)]
    return pd.concat(frames, ignore_index=True)


def _replace_dir(tmp: Path, out: Path, *, keep: list[str]) -> None:
    """Put ``tmp`` in place of ``out``; the old dataset survives until the new one is whole."""
    for f in tmp.iterdir():
        with open(f, "rb") as fh:
            os.fsync(fh.fileno())
    if out.exists():
        for name in keep:
            if (out / name).exists():
                shutil.copytree(out / name, tmp / name)
        old = out.with_name(f".{out.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        out.rename(old)
        tmp.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        tmp.rename(out)
