"""Kabupaten names written without ``Kab.``/``Kota`` that a Kabupaten and a Kota share.

Many exports write a kabupaten bare (``MAGELANG``) and a city as ``KOTA MAGELANG``. Such a
name alone is ambiguous (:data:`layers.codes.KAB_KOTA_SHARED_NAMES`), but the names beneath it
are evidence, and :func:`judge_twins` weighs it for one input area:

- the kecamatan name (or, when the file has none, the desa name) fits exactly one of the twins
  held by the boundary file -> that twin (``metode`` ``konteks``, the note says which level
  decided);
- it fits both, or fits none -> ``ambiguous`` (never merged when the evidence conflicts);
- no name beneath: the twin when the boundary file holds only one of the two, else
  ``ambiguous``.

"Fits" means the resolver would accept the name under that twin (mapping, exact or fuzzy).
"""

from __future__ import annotations

from collections.abc import Callable

CONTEXT = "konteks"
"""``metode`` of a bare twin name resolved by the names beneath it or by the boundary file."""

_NOTE_DECIDED = {
    "kec": ("tanpa 'Kab.'/'Kota': ditentukan oleh nama kecamatan di bawahnya / "
            "without 'Kab.'/'Kota': decided by the kecamatan name beneath"),
    "desa": ("tanpa 'Kab.'/'Kota': ditentukan oleh nama desa di bawahnya / "
             "without 'Kab.'/'Kota': decided by the desa name beneath"),
}
NOTE_ONLY_ONE = ("tanpa 'Kab.'/'Kota': hanya satu dari keduanya ada di berkas batas / "
                 "without 'Kab.'/'Kota': only one of the two is in the boundary file")
_NOTE_BOTH = {
    "kec": "nama kecamatan cocok di keduanya / the kecamatan name fits both",
    "desa": "nama desa cocok di keduanya / the desa name fits both",
}
_NOTE_NONE = {
    "kec": ("nama kecamatan tidak ada di bawahnya / the kecamatan name is not under it"),
    "desa": ("nama desa tidak ada di bawahnya / the desa name is not under it"),
}


def judge_twins(twins: tuple[str, ...], below: tuple[str, str] | None,
                fits: Callable[[str, str, str], bool]) -> tuple[str | None, str]:
    """The twin one input area means, from the evidence beneath it.

    Parameters
    ----------
    twins
        Codes of the twins the boundary file holds (one or two), code order.
    below
        ``(level, name)`` of the nearest non-empty name beneath (``kec``, else ``desa``), or
        ``None``.
    fits
        ``fits(level, kab_code, name)``: whether the name resolves under that kabupaten.

    Returns
    -------
    tuple
        ``(code, note)``: the code (``None`` = to review) and the note for the report.
    """
    if below is None:
        if len(twins) == 1:
            return twins[0], NOTE_ONLY_ONE
        return None, ""
    lvl, name = below
    fit = [t for t in twins if fits(lvl, t, name)]
    if len(fit) == 1:
        return fit[0], _NOTE_DECIDED[lvl]
    return None, (_NOTE_BOTH if fit else _NOTE_NONE)[lvl]
