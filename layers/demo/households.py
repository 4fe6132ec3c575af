"""``make_households``: the synthetic register rows over a set of desa, with their answer key."""

from __future__ import annotations

import numpy as np
import pandas as pd

from layers.demo.answers import mess_summary, names_table, true_counts
from layers.demo.mess import plan_mess
from layers.demo.p3ke import p3ke_frame
from layers.demo.population import draw_families, draw_people, prepare_gazetteer
from layers.demo.results import DemoHouseholds
from layers.demo.siks import siks_frame
from layers.matching import MAPPING_COLUMNS
from layers.settings import DEFAULT, Settings


def make_households(desa: pd.DataFrame, *, n_households: int = 6000, seed: int = 2026,
                    settings: Settings = DEFAULT) -> DemoHouseholds:
    """Synthetic SIKS-NG persons and P3KE families over ``desa``, with their mess and truth.

    A pool of ``n_households`` families is spread over the desa by a smooth random poverty
    field (a few Gaussian bumps over the desa points) and a lognormal population weight, so
    counts vary widely and poverty clusters in space. Each family gets a national desil,
    programmes, a Dukcapil match flag and 1-7 members. About 90 % of the pool is in DTKS
    (SIKS-NG export, per person); families in desil 1-4 are in P3KE (per family) except one
    kecamatan, which is missing from the P3KE files.

    Parameters
    ----------
    desa
        Canonical desa frame (``make_boundaries`` or ``boundaries.read_boundaries(...).desa``);
        uses ``kode_desa, nama_desa, jenis, kode_kec, nama_kec, nama_kab, nama_prov,
        luas_km2, geometry``.
    n_households
        Size of the family pool.
    seed
        Random seed.
    settings
        Thresholds for the truth (inclusion / exclusion desil) and the name checks.

    Returns
    -------
    DemoHouseholds
    """
    if n_households < 1:
        raise ValueError("n_households must be positive")
    rng = np.random.default_rng([seed, 2])
    g = prepare_gazetteer(desa)
    fam = draw_families(g, n_households, rng)
    people = draw_people(fam, g, rng)
    plan = plan_mess(g, fam, rng, settings)
    siks, siks_kode, row_kind = siks_frame(people, fam, g, plan, rng)
    p3ke, p3ke_kode, p3ke_part, damage = p3ke_frame(fam, people, g, plan, rng)
    truth = true_counts(fam, g, plan, settings)
    names = names_table(siks, siks_kode, row_kind, g, plan)
    mapping = names.loc[names["harapan"] == "review", MAPPING_COLUMNS]
    mess = mess_summary(g, plan, names, row_kind, damage, p3ke, truth)
    return DemoHouseholds(
        siks=siks, p3ke=p3ke, truth=truth, siks_kode_desa=siks_kode, p3ke_kode_desa=p3ke_kode,
        p3ke_part=p3ke_part, names=names, mapping=mapping.reset_index(drop=True),
        per_desa={"kode_desa": plan["per_desa"], "input_nama": plan["per_desa_name"]}, mess=mess,
    )
