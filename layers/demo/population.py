"""The family pool and its members: where families live, how poor they are, who they are.

A smooth random poverty field and a lognormal population weight spread the families over the
desa, so counts vary widely and poverty clusters in space.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from layers.demo.words import (APOSTROPHE, DUSUN, FEMALE_A, FEMALE_B, FEMALE_MODERN, MALE_A,
                               MALE_B, MALE_MODERN, PEKERJAAN_HEAD, PEKERJAAN_HEAD_P, SECOND_F,
                               SECOND_M, TEMPAT_LUAR)

# household programme probabilities by national desil 1..10
_P_PKH = np.array([0.42, 0.35, 0.27, 0.20, 0.10, 0.07, 0.04, 0.03, 0.02, 0.02])
_P_BPNT = np.array([0.60, 0.52, 0.44, 0.36, 0.20, 0.14, 0.08, 0.05, 0.04, 0.03])
_P_PBI = np.array([0.80, 0.75, 0.70, 0.65, 0.50, 0.40, 0.25, 0.20, 0.15, 0.10])
_P_PPKM = np.array([0.12, 0.11, 0.10, 0.09, 0.06, 0.05, 0.03, 0.02, 0.02, 0.01])
_P_BPUM = np.array([0.05, 0.06, 0.07, 0.08, 0.08, 0.06, 0.04, 0.03, 0.02, 0.02])
_P_BST = np.array([0.14, 0.13, 0.12, 0.10, 0.08, 0.06, 0.04, 0.03, 0.02, 0.02])
_P_SIKS = np.array([0.97, 0.97, 0.96, 0.95, 0.85, 0.80, 0.60, 0.55, 0.50, 0.45])
_SIZE_P = np.array([0.12, 0.24, 0.27, 0.22, 0.10, 0.03, 0.02])


def prepare_gazetteer(desa: pd.DataFrame) -> pd.DataFrame:
    """Plain frame of the desa, sorted by code, with a point inside each polygon."""
    import shapely

    need = ["kode_desa", "nama_desa", "jenis", "kode_kec", "nama_kec", "nama_kab", "nama_prov"]
    missing = [c for c in need + ["geometry"] if c not in desa.columns]
    if missing:
        raise ValueError(f"desa frame lacks canonical columns {missing}")
    d = desa.sort_values("kode_desa", kind="stable").reset_index(drop=True)
    g = pd.DataFrame({c: d[c].astype(str).to_numpy() for c in need})
    pts = shapely.get_coordinates(shapely.point_on_surface(np.asarray(d.geometry.values)))
    g["x"], g["y"] = pts[:, 0], pts[:, 1]
    if "luas_km2" in d.columns and d["luas_km2"].notna().all():
        g["luas_km2"] = d["luas_km2"].astype(float).to_numpy()
    else:
        g["luas_km2"] = (d.geometry.to_crs("EPSG:6933").area / 1e6).to_numpy()
    return g


def _poverty_field(x: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A smooth field in [0, 1]: a few Gaussian bumps over the desa points."""
    x0, x1, y0, y1 = x.min(), x.max(), y.min(), y.max()
    diag = float(np.hypot(x1 - x0, y1 - y0)) or 1.0
    f = np.zeros_like(x)
    for _ in range(4):
        bx, by = rng.uniform(x0, x1), rng.uniform(y0, y1)
        s = rng.uniform(0.12, 0.28) * diag
        f += rng.uniform(0.5, 1.0) * np.exp(-((x - bx) ** 2 + (y - by) ** 2) / (2 * s * s))
    span = f.max() - f.min()
    return (f - f.min()) / span if span > 0 else np.zeros_like(f)


def draw_categories(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One categorical draw per row of ``probs`` (rows sum to 1)."""
    cum = np.cumsum(probs, axis=1)
    u = rng.random(len(probs))[:, None]
    return np.minimum((u > cum).sum(1), probs.shape[1] - 1)


def draw_families(g: pd.DataFrame, n: int, rng: np.random.Generator) -> pd.DataFrame:
    """The family pool: desa, desil, registers, programmes, Dukcapil flag, size, address."""
    field_ = _poverty_field(g["x"].to_numpy(), g["y"].to_numpy(), rng)
    urban = (g["jenis"] == "kelurahan").to_numpy()
    d_idx = _place_families(g, n, field_, urban, rng)
    fam = _welfare(d_idx, field_, urban, rng)
    fam = _addresses(fam, len(g), rng)
    kec4 = g["kode_kec"].str[2:6].to_numpy()[fam["desa"].to_numpy()]
    yy = rng.integers(2008, 2025, len(fam))
    mm = rng.integers(1, 13, len(fam))
    dd = rng.integers(1, 29, len(fam))
    fam["kk"] = _serial_numbers(
        [f"99{k}{a:02d}{b:02d}{c % 100:02d}" for k, a, b, c in zip(kec4, dd, mm, yy)])
    fam["id_p3ke"] = [f"P99{k}{i:09d}" for i, k in enumerate(kec4, start=1)]
    return fam


def _place_families(g: pd.DataFrame, n: int, field_: np.ndarray, urban: np.ndarray,
                    rng: np.random.Generator) -> np.ndarray:
    """The desa of every family: population weight times poverty rate, at least two per desa
    when there are enough families."""
    nd = len(g)
    pop = np.sqrt(np.maximum(g["luas_km2"].to_numpy(), 0.05)) * rng.lognormal(0, 0.5, nd)
    pop *= np.where(urban, 2.2, 1.0)
    rate = np.clip(0.12 + 0.6 * field_ - 0.1 * urban + rng.normal(0, 0.04, nd), 0.03, 0.9)
    w = pop * rate
    floor = 2 if n >= 4 * nd else 0
    counts = floor + rng.multinomial(n - floor * nd, w / w.sum())
    return np.repeat(np.arange(nd), counts)


def _welfare(d_idx: np.ndarray, field_: np.ndarray, urban: np.ndarray,
             rng: np.random.Generator) -> pd.DataFrame:
    """Desil, registers, programmes, Dukcapil flag and size of every family."""
    m = len(d_idx)
    beta = 0.02 + 0.6 * field_[d_idx] - 0.1 * urban[d_idx]
    desil_p = np.exp(-beta[:, None] * np.arange(10)[None, :])
    desil = draw_categories(rng, desil_p / desil_p.sum(1, keepdims=True)) + 1
    di = desil - 1
    fam = pd.DataFrame({"desa": d_idx, "desil": desil})
    fam["in_siks"] = rng.random(m) < _P_SIKS[di]
    fam["in_p3ke"] = (desil <= 4) & (rng.random(m) < 0.93)
    fam["pkh"] = rng.random(m) < _P_PKH[di]
    fam["bpnt"] = rng.random(m) < _P_BPNT[di]
    fam["ppkm"] = (rng.random(m) < _P_PPKM[di]) & (~fam["bpnt"].to_numpy() | (rng.random(m) < 0.4))
    fam["pbi"] = rng.random(m) < _P_PBI[di]
    fam["bpum"] = rng.random(m) < _P_BPUM[di]
    fam["bst"] = rng.random(m) < _P_BST[di]
    fam["sembako"] = np.where(fam["bpnt"], rng.random(m) < 0.6, rng.random(m) < 0.04)
    u = rng.random(m)
    padan = np.where(u < 0.045, "TIDAK", np.where(u < 0.065, "", "YA"))
    fam["padan"] = padan
    # a family not matched to Dukcapil never gets PBI alone: whether PBI counts as a
    # "programme" for the inclusion check then does not change the count
    lone_pbi = (padan == "TIDAK") & fam["pbi"] & ~(fam["pkh"] | fam["bpnt"] | fam["ppkm"])
    fam.loc[lone_pbi, "pbi"] = False
    fam["size"] = draw_categories(rng, np.tile(_SIZE_P / _SIZE_P.sum(), (m, 1))) + 1
    return fam


def _addresses(fam: pd.DataFrame, nd: int, rng: np.random.Generator) -> pd.DataFrame:
    """RW, RT and dusun of every family (2-5 dusun per desa), families sorted by address."""
    m = len(fam)
    n_dusun = rng.integers(2, 6, nd)
    fam["rw"] = (rng.random(m) * n_dusun[fam["desa"].to_numpy()]).astype(int) + 1
    fam["rt"] = rng.integers(1, 5, m)
    fam = fam.sort_values(["desa", "rw", "rt"], kind="stable").reset_index(drop=True)
    fam["dusun"] = _dusun_names(rng, n_dusun)[fam["desa"].to_numpy(), fam["rw"].to_numpy() - 1]
    return fam


def _serial_numbers(stems: list[str]) -> pd.Series:
    """Each stem followed by a 4-digit serial counting the stem's earlier occurrences."""
    stem = pd.Series(stems)
    return stem + (stem.groupby(stem).cumcount() + 1).map(lambda v: f"{v:04d}")


def _dusun_names(rng: np.random.Generator, n_dusun: np.ndarray) -> np.ndarray:
    """A table desa x 5 of dusun names (2-5 used per desa, often starting with Krajan)."""
    out = np.empty((len(n_dusun), 5), dtype=object)
    others = [d for d in DUSUN if d != "Krajan"]
    for i in range(len(n_dusun)):
        pick = [others[j] for j in rng.permutation(len(others))[:5]]
        if rng.random() < 0.65:
            pick = ["Krajan"] + pick[:4]
        out[i] = pick
    return out


def _person_names(rng: np.random.Generator, female: np.ndarray) -> list[str]:
    """Javanese-style names in upper case: old single names, modern names (some with a second
    name) and a few with a typographic apostrophe."""
    n = len(female)
    a_m = rng.integers(0, len(MALE_A), n)
    b_m = rng.integers(0, len(MALE_B), n)
    a_f = rng.integers(0, len(FEMALE_A), n)
    b_f = rng.integers(0, len(FEMALE_B), n)
    modern = rng.random(n) < 0.45
    mod_m = rng.integers(0, len(MALE_MODERN), n)
    mod_f = rng.integers(0, len(FEMALE_MODERN), n)
    second = rng.integers(0, 2 * len(SECOND_M), n)  # the upper half: no second name
    apos = rng.random(n) < 0.02
    apos_i = rng.integers(0, len(APOSTROPHE), n)
    out = []
    for i in range(n):
        if apos[i]:
            first = APOSTROPHE[apos_i[i]]
        elif female[i]:
            first = (FEMALE_MODERN[mod_f[i]] if modern[i]
                     else FEMALE_A[a_f[i]] + FEMALE_B[b_f[i]])
        else:
            first = (MALE_MODERN[mod_m[i]] if modern[i]
                     else MALE_A[a_m[i]] + MALE_B[b_m[i]])
        pool = SECOND_F if female[i] else SECOND_M
        if modern[i] and not apos[i] and second[i] < len(pool):
            first = f"{first} {pool[second[i]]}"
        out.append(first)
    return out


def draw_people(fam: pd.DataFrame, g: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Every member of every family (SIKS uses the DTKS families, P3KE the heads)."""
    size = fam["size"].to_numpy()
    f_idx = np.repeat(np.arange(len(fam)), size)
    member = np.concatenate([np.arange(s) for s in size]) if len(size) else np.array([], int)
    n = len(f_idx)
    role, female, year = _roles_and_years(size, f_idx, member, rng)
    month = rng.integers(1, 13, n)
    day = rng.integers(1, 29, n)
    kec4 = g["kode_kec"].str[2:6].to_numpy()[fam["desa"].to_numpy()][f_idx]
    nik = _serial_numbers([f"99{k}{d + 40 * int(fe):02d}{mo:02d}{y % 100:02d}"
                           for k, d, mo, y, fe in zip(kec4, day, month, year, female)])
    if (nik.str.len() != 16).any():  # pragma: no cover - > 9999 persons born the same day
        raise RuntimeError("NIK serial overflow")
    pekerjaan = _occupations(role, female, year, rng)
    kec_names = g["nama_kec"].str.upper().to_numpy()[fam["desa"].to_numpy()][f_idx]
    tempat_luar = np.array(TEMPAT_LUAR)[rng.integers(0, len(TEMPAT_LUAR), n)]
    tempat = np.where(rng.random(n) < 0.85, kec_names, tempat_luar)
    people = pd.DataFrame({
        "fam": f_idx, "member": member, "role": role, "female": female,
        "nik": nik.to_numpy(), "nama": _person_names(rng, female),
        "ibu": _person_names(rng, np.ones(n, bool)),
        "lahir": [f"{d:02d}-{mo:02d}-{y}" for d, mo, y in zip(day, month, year)],
        "lahir_iso": [f"{y}-{mo:02d}-{d:02d}" for d, mo, y in zip(day, month, year)],
        "tempat": tempat, "pekerjaan": pekerjaan,
    })
    return people


def _roles_and_years(size: np.ndarray, f_idx: np.ndarray, member: np.ndarray,
                     rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """HUBUNGAN_KELUARGA, sex and birth year of every member (head first, then a spouse)."""
    n = len(f_idx)
    head_female = rng.random(len(size)) < 0.15
    head_year = rng.integers(1950, 1996, len(size))
    spouse = (size >= 2) & (rng.random(len(size)) < 0.85)
    u = rng.random(n)
    role = np.where(member == 0, "KEPALA KELUARGA",
                    np.where((member == 1) & spouse[f_idx], "SPOUSE",
                             np.where(u < 0.05, "ORANG TUA", np.where(u < 0.09, "CUCU",
                                      np.where(u < 0.11, "FAMILI LAIN", "ANAK")))))
    hf = head_female[f_idx]
    female = np.where(role == "KEPALA KELUARGA", hf,
                      np.where(role == "SPOUSE", ~hf, rng.random(n) < 0.5))
    role = np.where(role == "SPOUSE", np.where(female, "ISTRI", "SUAMI"), role)
    hy = head_year[f_idx]
    year = np.select(
        [role == "KEPALA KELUARGA", np.isin(role, ("ISTRI", "SUAMI")), role == "ORANG TUA",
         role == "CUCU"],
        [hy, hy + rng.integers(-6, 7, n), hy - 22 - rng.integers(0, 12, n),
         hy + 40 + rng.integers(0, 12, n)],
        default=hy + 19 + rng.integers(0, 22, n))
    return role, female, np.clip(year, 1930, 2024)


def _occupations(role: np.ndarray, female: np.ndarray, year: np.ndarray,
                 rng: np.random.Generator) -> np.ndarray:
    """PEKERJAAN: drawn for heads and working-age members, else by age and sex."""
    job_head = rng.choice(len(PEKERJAAN_HEAD), len(role), p=PEKERJAAN_HEAD_P)
    age = 2025 - year
    return np.where(
        role == "KEPALA KELUARGA", np.array(PEKERJAAN_HEAD)[job_head],
        np.where(age < 7, "BELUM/TIDAK BEKERJA", np.where(age < 23, "PELAJAR/MAHASISWA",
                 np.where(female, "MENGURUS RUMAH TANGGA", np.array(PEKERJAAN_HEAD)[job_head]))))
