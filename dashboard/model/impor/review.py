"""Names to review: the decisions the page's radio buttons make, as the importer takes them."""

from __future__ import annotations

from collections.abc import Sequence

#: value of the "not in this area" choice (the mapping file writes it as ``-``)
NOT_IN_AREA = "-"


def choices_from(values: Sequence[str | None], id_list: Sequence[dict],
                 entries: Sequence[dict]) -> list[tuple[str, str, str, str | None]]:
    """The ``(tingkat, induk_kode, input_nama, kode)`` decisions for
    :meth:`layers.store.ImportSession.resolve` from the radio values of the review list
    (``kode`` ``None`` means "not in this area"); names left unchosen are skipped."""
    by_key = {e["kunci"]: e for e in entries}
    out = []
    for value, id_ in zip(values, id_list):
        entry = by_key.get((id_ or {}).get("kunci"))
        if entry is None or value in (None, ""):
            continue
        out.append((entry["tingkat"], entry["induk_kode"], entry["input_nama"],
                    None if value == NOT_IN_AREA else str(value)))
    return out
