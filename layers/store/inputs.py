"""What an import keeps for a rerun, nothing personal, and the rerun's build.

``staging/<token>/inputs/`` holds the households as the register reader left them (no personal
column, no hash) as Parquet, the rejected and warning rows (file, row, column, reason, area as
written), the reader's counts and the build's other inputs (``session.json``); the boundary
upload stays in ``staging/<token>/boundary/``.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from layers.settings import Settings
from layers.store.files import write_json

if TYPE_CHECKING:
    from layers.registers import RegisterData

#: the frames of a register kept per layout: ``<layout>.<name>.parquet``
_FRAMES = ("households", "rejected", "warnings")


def save_inputs(folder: Path, result, *, boundary: str, period: str | None, area, crs,
                files: list[dict[str, Any]]) -> None:
    """Keep what a rerun needs, nothing personal: reduced households, rejected rows, counts.

    ``folder`` is replaced as a whole (a temporary folder beside it, then renames).
    """
    tmp = Path(tempfile.mkdtemp(prefix=".inputs-", dir=folder.parent))
    try:
        registers = [_save_register(tmp, rb.data) for rb in result.registers]
        write_json(tmp / "session.json", {
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


def build_from_inputs(folder: Path, session: dict, *, out: Path, mapping: Path | None,
                      settings: Settings):
    """Run :func:`layers.build.build` on the kept boundary file and the reduced households
    (``registers=``): the raw uploads are gone, the de-personalised frames stand for them."""
    from layers.build import BuildSpec, build

    registers = _load_registers(folder, session)
    spec = BuildSpec(boundaries=folder.parent / "boundary" / session["boundary"],
                     households=(), mapping=mapping, period=session["period"],
                     area=session["area"], crs=session["crs"])
    return build(spec, out, registers=registers, settings=settings)


def _save_register(folder: Path, data: RegisterData) -> dict[str, Any]:
    """Write one register's frames (checked free of personal columns); its entry of
    ``session.json``."""
    from layers.registers import privacy

    privacy.assert_clean([data.households, data.rejected, data.warnings])
    for name in _FRAMES:
        getattr(data, name).to_parquet(folder / f"{data.layout}.{name}.parquet", index=False)
    return {"layout": data.layout, "programmes": list(data.programmes), "stats": data.stats}


def _load_registers(folder: Path, session: dict) -> list[RegisterData]:
    from layers.registers import RegisterData

    out = []
    for reg in session["registers"]:
        frames = {name: pd.read_parquet(folder / f"{reg['layout']}.{name}.parquet")
                  for name in _FRAMES}
        out.append(RegisterData(layout=reg["layout"], programmes=list(reg["programmes"]),
                                stats=reg["stats"], **frames))
    return out
