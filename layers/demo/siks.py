"""The SIKS-NG (DTKS) person rows as the exports hold them, mess included."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from layers.demo.population import draw_people

_N_DUP_PERSONS = 6
_N_EMPTY_KK = 3


def siks_frame(people: pd.DataFrame, fam: pd.DataFrame, g: pd.DataFrame, plan: dict[str, Any],
               rng: np.random.Generator) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """Person rows as written, with duplicates and rows lacking NOMOR_KK inserted.

    Returns the rows (``SIKS_COLUMNS``, all strings), the true ``kode_desa`` of every row and
    its kind (``asli``, ``duplikat``, ``tanpa_kk``); records ``siks_fam_of_row`` and
    ``siks_name_kind`` in ``plan``.
    """
    written, kind = _written_desa_names(fam, plan, rng)
    p = people[fam["in_siks"].to_numpy()[people["fam"].to_numpy()]].reset_index(drop=True)
    order, kind_row, empty_after = _row_order(p, fam, plan, rng)
    extra_people = _extra_people(p, fam, g, empty_after, rng)
    order_arr = np.array(order, dtype=int)
    pos = np.where(order_arr >= 0, order_arr, len(p) + (-1 - order_arr))
    combined = pd.concat([p, extra_people], ignore_index=True)
    src_df = combined.iloc[pos].reset_index(drop=True)
    fam_of_row = src_df["fam"].to_numpy()
    kind_arr = np.array(kind_row)
    siks = _siks_table(src_df, fam, g, plan, written[fam_of_row], kind_arr == "tanpa_kk", pos,
                       rng)
    d = fam["desa"].to_numpy()[fam_of_row]
    kode = pd.Series(g["kode_desa"].to_numpy()[d], name="kode_desa")
    plan["siks_fam_of_row"] = fam_of_row
    plan["siks_name_kind"] = kind[fam_of_row]
    return siks, kode, pd.Series(kind_arr, name="baris")


def _written_desa_names(fam: pd.DataFrame, plan: dict[str, Any],
                        rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """The desa name written for every family and its kind: the default spelling, the typos,
    and the ambiguous name for half the households of its desa (their count goes to ``kk``)."""
    fam_desa = fam["desa"].to_numpy()
    written = np.array([plan["desa_default"][d][0] for d in fam_desa], dtype=object)
    kind = np.array([plan["desa_default"][d][1] for d in fam_desa], dtype=object)
    for t in plan["typos"]:
        sel = fam_desa == t["desa"]
        written[sel], kind[sel] = t["written"], "salah_ketik"
    siks_mask = fam["in_siks"].to_numpy()
    for a in plan["ambiguous"]:
        idx = np.flatnonzero((fam_desa == a["desa"]) & siks_mask)
        k = max(1, int(round(0.5 * len(idx))))
        pick = np.sort(rng.choice(idx, size=k, replace=False))
        written[pick], kind[pick] = a["written"], "ambigu"
        a["kk"] = int(k)
    return written, kind


def _row_order(p: pd.DataFrame, fam: pd.DataFrame, plan: dict[str, Any],
               rng: np.random.Generator) -> tuple[list[int], list[str], np.ndarray]:
    """File order of the rows of ``p``: a duplicated row right after its original, a row
    without NOMOR_KK (``-1 - j`` for extra person ``j``) after a random row; never in the
    per-desa file's desa. Returns the order, the kind of every row and the rows followed by
    an extra person."""
    person_desa = fam["desa"].to_numpy()[p["fam"].to_numpy()]
    eligible = np.flatnonzero(person_desa != plan["per_desa_idx"])
    dup = np.sort(rng.choice(eligible, size=min(_N_DUP_PERSONS, len(eligible)),
                             replace=False))
    empty_after = np.sort(rng.choice(eligible, size=min(_N_EMPTY_KK, len(eligible)),
                                     replace=False))
    extra_pos = {int(r): j for j, r in enumerate(empty_after)}
    dup_set = set(dup.tolist())
    order: list[int] = []
    kind_row: list[str] = []
    for r in range(len(p)):
        order.append(r)
        kind_row.append("asli")
        if r in dup_set:
            order.append(r)
            kind_row.append("duplikat")
        if r in extra_pos:
            order.append(-1 - extra_pos[r])
            kind_row.append("tanpa_kk")
    return order, kind_row, empty_after


def _extra_people(p: pd.DataFrame, fam: pd.DataFrame, g: pd.DataFrame, empty_after: np.ndarray,
                  rng: np.random.Generator) -> pd.DataFrame:
    """The persons of the rows without NOMOR_KK: one new person in the family of the row they
    follow, with a NIK distinct from every NIK drawn so far."""
    if not len(empty_after):
        return p.iloc[:0]
    fams = p["fam"].to_numpy()[empty_after]
    extra = draw_people(fam.iloc[fams].assign(size=1).reset_index(drop=True), g, rng)
    taken = set(p["nik"])
    niks = []
    for nk in extra["nik"]:
        stem, serial = nk[:12], 9999
        while f"{stem}{serial:04d}" in taken:
            serial -= 1
        taken.add(f"{stem}{serial:04d}")
        niks.append(f"{stem}{serial:04d}")
    return extra.assign(nik=niks, fam=fams)


def _siks_table(src: pd.DataFrame, fam: pd.DataFrame, g: pd.DataFrame, plan: dict[str, Any],
                desa_written: np.ndarray, no_kk: np.ndarray, pos: np.ndarray,
                rng: np.random.Generator) -> pd.DataFrame:
    """The ``SIKS_COLUMNS`` of the ordered person rows ``src`` (``pos``: their source row)."""
    fam_of_row = src["fam"].to_numpy()
    fr = fam.iloc[fam_of_row].reset_index(drop=True)
    d = fr["desa"].to_numpy()
    kec = g["kode_kec"].to_numpy()[d]
    yn = {True: "YA", False: "-"}
    padan_txt = _siks_padan(rng, fr["padan"].to_numpy(), fam_of_row)
    is_head = src["role"].to_numpy() == "KEPALA KELUARGA"
    # programme flags on every member (per household: any member); a few households flag
    # the head only
    head_only = (rng.random(len(fam)) < 0.1)[fam_of_row] & ~is_head

    def flag(col: str) -> list[str]:
        v = fr[col].to_numpy() & ~head_only
        return [yn[bool(x)] for x in v]
    siks = pd.DataFrame({
        "IDDTKS": [f"99{k[2:]}{j + 1:06d}" for k, j in zip(g["kode_desa"].to_numpy()[d], pos)],
        "PROVINSI": g["nama_prov"].str.upper().to_numpy()[d],
        "KABUPATEN_KOTA": [plan["kab_written"][k] for k in kec],
        "KECAMATAN": [plan["kec_written"][k][0] for k in kec],
        "DESA_KELURAHAN": desa_written,
        "ALAMAT": ["DSN " + s.upper() for s in fr["dusun"]],
        "DUSUN": fr["dusun"].str.upper().to_numpy(),
        "RT": [f"{v:03d}" for v in fr["rt"]],
        "RW": [f"{v:03d}" for v in fr["rw"]],
        "NOMOR_KK": np.where(no_kk, "", fr["kk"].to_numpy()),
        "NOMOR_NIK": src["nik"].to_numpy(),
        "NAMA": src["nama"].to_numpy(),
        "TANGGAL_LAHIR": src["lahir"].to_numpy(),
        "TEMPAT_LAHIR": src["tempat"].to_numpy(),
        "JENIS_KELAMIN": np.where(src["female"].to_numpy(bool), "PEREMPUAN", "LAKI-LAKI"),
        "PEKERJAAN": src["pekerjaan"].to_numpy(),
        "NAMA_IBU_KANDUNG": src["ibu"].to_numpy(),
        "HUBUNGAN_KELUARGA": np.where(no_kk, "KEPALA KELUARGA", src["role"].to_numpy()),
        "KETERANGAN_PADAN": padan_txt,
        "BANSOS_BPNT": flag("bpnt"),
        "BANSOS_PKH": flag("pkh"),
        "BANSOS_BPNT_PPKM": flag("ppkm"),
        "PBI_JKN": flag("pbi"),
    })
    return siks.astype(str)


def _siks_padan(rng: np.random.Generator, padan: np.ndarray, fam_of_row: np.ndarray) -> np.ndarray:
    """KETERANGAN_PADAN text, the same for every member of a household."""
    style = rng.random(int(fam_of_row.max()) + 1 if len(fam_of_row) else 1) < 0.5
    yes = np.where(style[fam_of_row], "PADAN", "SUDAH PADAN")
    no = np.where(style[fam_of_row], "TIDAK PADAN", "NIK TIDAK PADAN")
    return np.where(padan == "TIDAK", no, np.where(padan == "", "", yes))
