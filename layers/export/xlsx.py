"""Deterministic XLSX bytes: the same workbook content and date give the same file."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime


def deterministic_xlsx(data: bytes, stamp: datetime, *, mode: int = 0o644) -> bytes:
    """Re-pack an XLSX so its bytes depend on its content and ``stamp`` only.

    openpyxl writes the current time into ``docProps/core.xml`` and the zip entries; both are
    set to ``stamp`` (the export date, or a fixed time for synthetic inputs).
    """
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            content = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                for tag in (rb"dcterms:created", rb"dcterms:modified"):
                    content = re.sub(rb"(<" + tag + rb"[^>]*>)[^<]*(</" + tag + rb">)",
                                     rb"\g<1>" + iso + rb"\g<2>", content)
            zi = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = mode << 16
            zout.writestr(zi, content)
    return out.getvalue()
