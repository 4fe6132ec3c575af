"""The P3KE family rows as the workbooks hold them: damaged codes, duplicates, two parts."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from layers.codes import dotted
from layers.demo.layout import P3KE_COLUMNS, P3KE_PROGRAMMES
from layers.demo.population import draw_categories
from layers.demo.words import PENDIDIKAN

_N_DUP_FAMILIES = 4
# housing: categories and probabilities at desil 1 and desil 4 (linear in between)
_HOUSING: dict[str, tuple[tuple[str, ...], tuple[float, ...], tuple[float, ...]]] = {
    "Jenis Atap": (("Genteng", "Seng", "Asbes", "Ijuk/Rumbia"),
                   (0.60, 0.18, 0.12, 0.10), (0.85, 0.07, 0.07, 0.01)),
    "Jenis Dinding": (("Tembok", "Kayu/Papan", "Bambu"), (0.35, 0.35, 0.30), (0.75, 0.20, 0.05)),
    "Jenis Lantai": (("Keramik", "Semen", "Tanah"), (0.10, 0.45, 0.45), (0.45, 0.45, 0.10)),
    "Sumber Penerangan": (("Listrik PLN", "Bukan Listrik"), (0.90, 0.10), (0.99, 0.01)),
    "Bahan Bakar Memasak": (("Gas", "Kayu Bakar"), (0.45, 0.55), (0.85, 0.15)),
    "Sumber Air Minum": (("Air Kemasan/Isi Ulang", "Sumur Terlindung", "Sumur Tak Terlindung",
                          "Sungai"), (0.10, 0.45, 0.30, 0.15), (0.35, 0.50, 0.13, 0.02)),
    "Memiliki Fasilitas BAB": (("Ya, Sendiri", "Ya, Bersama", "Tidak Ada"),
                               (0.50, 0.25, 0.25), (0.85, 0.10, 0.05)),
}
_PROGRAMME_SOURCE = dict(zip(P3KE_PROGRAMMES, ("bpnt", "bpum", "bst", "pkh", "sembako")))
_DAMAGE_KINDS = ("bersih", "titik", "float", "float_teks", "apostrof", "ilmiah")


def p3ke_frame(fam: pd.DataFrame, people: pd.DataFrame, g: pd.DataFrame, plan: dict[str, Any],
               rng: np.random.Generator) -> tuple[pd.DataFrame, pd.Series, pd.Series, dict]:
    """Family rows as written (``P3KE_COLUMNS``), their true ``kode_desa``, their workbook part
    and the count of each kind of code damage; records ``p3ke_dup_rows`` in ``plan``.

    The families in P3KE outside the missing kecamatan, with duplicated families inserted;
    ``Kode Kemdagri`` holds damaged values (``str`` or ``float``), ``Desil Kesejahteraan`` an
    ``int`` (part 1) or ``"Desil n"`` (part 2).
    """
    kec_of_fam = g["kode_kec"].to_numpy()[fam["desa"].to_numpy()]
    keep = fam["in_p3ke"].to_numpy() & ~np.isin(kec_of_fam, plan["p3ke_missing"])
    idx = np.flatnonzero(keep)
    part = np.array([plan["p3ke_part"].get(k, 1) for k in kec_of_fam[idx]], dtype=int)
    fam_rows, part_rows = _row_order(idx, part, rng)
    fr = fam.iloc[fam_rows].reset_index(drop=True)
    d = fr["desa"].to_numpy()
    damaged, damage_kind = zip(*[_damage_code(rng, g["kode_desa"].iat[x]) for x in d]) if len(d) \
        else ((), ())
    frame = _family_columns(fr, people, g, fam_rows, part_rows, list(damaged), rng)
    p3ke = _p3ke_table(frame, list(damaged))
    kode = pd.Series(g["kode_desa"].to_numpy()[d], name="kode_desa")
    damage = {k: int(sum(1 for x in damage_kind if x == k)) for k in _DAMAGE_KINDS}
    plan["p3ke_dup_rows"] = len(fam_rows) - len(idx)
    return p3ke, kode, pd.Series(part_rows, name="bagian"), damage


def _row_order(idx: np.ndarray, part: np.ndarray,
               rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Family and part of every row: duplicated families, half repeated in place, half again
    at the end of the other part; part 1 first."""
    n_dup = min(_N_DUP_FAMILIES, len(idx))
    dup = np.sort(rng.choice(len(idx), size=n_dup, replace=False)) if n_dup else np.array([], int)
    entries: list[tuple[int, int]] = []  # (family, part)
    tail: list[tuple[int, int]] = []
    parts_present = sorted(set(part.tolist()))
    for j, (f, pt) in enumerate(zip(idx.tolist(), part.tolist())):
        entries.append((f, pt))
        if j in dup[: n_dup // 2]:
            entries.append((f, pt))
        elif j in dup[n_dup // 2:]:
            other = [q for q in parts_present if q != pt]
            tail.append((f, other[0] if other else pt))
    rows = sorted(entries + tail, key=lambda e: e[1])  # stable: part 1 first, tails at the end
    return (np.array([r[0] for r in rows], dtype=int), np.array([r[1] for r in rows], dtype=int))


def _damage_code(rng: np.random.Generator, kode: str) -> tuple[Any, str]:
    """A Kemendagri desa code as Excel users leave it, and the kind of damage."""
    u = rng.random()
    if u < 0.64:
        return kode, "bersih"
    if u < 0.74:
        return dotted(kode), "titik"
    if u < 0.82:
        return float(kode), "float"
    if u < 0.86:
        return f"{kode}.0", "float_teks"
    if u < 0.92:
        return "'" + kode, "apostrof"
    return f"{float(kode):.5E}", "ilmiah"


def _family_columns(fr: pd.DataFrame, people: pd.DataFrame, g: pd.DataFrame,
                    fam_rows: np.ndarray, part_rows: np.ndarray, damaged: list[Any],
                    rng: np.random.Generator) -> dict[str, Any]:
    """Every column of the rows of families ``fr``, by name (in drawing order)."""
    d = fr["desa"].to_numpy()
    h = people[people["member"] == 0].set_index("fam").loc[fam_rows]
    no = np.zeros(len(fr), dtype=int)
    for q in sorted(set(part_rows.tolist())):
        sel = part_rows == q
        no[sel] = np.arange(1, sel.sum() + 1)
    desil = fr["desil"].to_numpy()
    frame: dict[str, Any] = {
        "No": no.tolist(),
        "Provinsi": g["nama_prov"].str.upper().to_numpy()[d],
        "Kabupaten/Kota": g["nama_kab"].str.upper().to_numpy()[d],
        "Kecamatan": g["nama_kec"].str.upper().to_numpy()[d],
        "Desa/Kelurahan": g["nama_desa"].str.upper().to_numpy()[d],
        "Kode Kemdagri": damaged,
        "ID Keluarga P3KE": fr["id_p3ke"].to_numpy(),
        "Kepala Keluarga": h["nama"].to_numpy(),
        "NIK": h["nik"].to_numpy(),
        "Tanggal Lahir": h["lahir_iso"].to_numpy(),
        "Alamat": [f"DSN {s.upper()} RT {t:03d} RW {w:03d}"
                   for s, t, w in zip(fr["dusun"], fr["rt"], fr["rw"])],
        "Jenis Kelamin": np.where(h["female"].to_numpy(bool), "Perempuan", "Laki-laki"),
        "Pekerjaan": [s.title() for s in h["pekerjaan"]],
        "Pendidikan": np.array(PENDIDIKAN)[draw_categories(
            rng, np.tile([0.15, 0.5, 0.22, 0.13], (len(fr), 1)))],
        "Padan Dukcapil": np.where(fr["padan"].to_numpy() == "TIDAK", "TIDAK", "YA"),
        "Desil Kesejahteraan": [int(x) if q == 1 else f"Desil {int(x)}"
                                for x, q in zip(desil, part_rows)],
    }
    t = (np.clip(desil, 1, 4) - 1) / 3.0
    for col, (cats, p1, p4) in _HOUSING.items():
        probs = (1 - t)[:, None] * np.array(p1)[None, :] + t[:, None] * np.array(p4)[None, :]
        frame[col] = np.array(cats)[draw_categories(rng, probs / probs.sum(1, keepdims=True))]
    ya = {True: "Ya", False: "Tidak"}
    for col, src in _PROGRAMME_SOURCE.items():
        frame[col] = [ya[bool(v)] for v in fr[src]]
    frame["Resiko Stunting"] = np.where(rng.random(len(fr)) < 0.12, "Ya", "Tidak")
    return frame


def _p3ke_table(frame: dict[str, Any], damaged: list[Any]) -> pd.DataFrame:
    """The frame in ``P3KE_COLUMNS``: text everywhere but ``No``, the mixed-type code and
    desil columns."""
    p3ke = pd.DataFrame(frame)[list(P3KE_COLUMNS)]
    for c in p3ke.columns:
        if c not in ("No", "Kode Kemdagri", "Desil Kesejahteraan"):
            p3ke[c] = p3ke[c].astype(str)
    p3ke["Kode Kemdagri"] = pd.Series(damaged, dtype=object)
    p3ke["Desil Kesejahteraan"] = pd.Series(frame["Desil Kesejahteraan"], dtype=object)
    return p3ke
