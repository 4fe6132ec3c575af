"""Every threshold and switch of the data layers, in one place.

Values are read once; pass a modified copy (``dataclasses.replace``) to change them for one
build. Programme eligibility changes by year and programme, which is why it lives here and not
in the code (DOMAIN.md, "How priorities are set").
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Settings:
    # --- eligibility and checks -------------------------------------------------------------
    #: households in this desil or above that receive a programme count as possible inclusion errors
    inclusion_min_desil: int = 5
    #: desil range checked for exclusion (receiving none of the recorded programmes)
    exclusion_desil_max: int = 4
    #: desil counted as extreme poverty where the layout has desil
    extreme_poverty_desil: int = 1
    #: a household is housing-deprived with at least this many of the 7 items (layers.indicators.housing)
    housing_deprivation_min: int = 3

    # --- public outputs ---------------------------------------------------------------------
    #: counts below this are suppressed in public outputs (complementary suppression applies)
    small_count_threshold: int = 5

    # --- name matching ----------------------------------------------------------------------
    #: fuzzy score (rapidfuzz, 0-100) needed to accept a name automatically
    fuzzy_accept: float = 90.0
    #: the runner-up in the same parent must score at least this much lower
    fuzzy_margin: float = 8.0
    #: candidates shown in the review list
    review_candidates: int = 3

    # --- geometry ---------------------------------------------------------------------------
    #: equal-area CRS used for luas_km2
    area_crs: str = "EPSG:6933"
    #: overlaps between desa smaller than this (km2) are not reported
    overlap_min_km2: float = 0.001
    #: gaps (holes inside the union of desa) smaller than this (km2) are not reported
    gap_min_km2: float = 0.01

    # --- browser import ---------------------------------------------------------------------
    #: largest upload of one import (all files together)
    max_upload_bytes: int = 200 * 1024 * 1024
    #: largest unpacked size of one input's zips, XLSX and nested members together (zip bombs;
    #: checked from the declared sizes before unpacking, layers.io.guard)
    max_unzipped_bytes: int = 2000 * 1024 * 1024
    #: an archive member larger than zip_ratio_floor_bytes unpacked may expand at most this
    #: many times its compressed size (real tables: 5-20 times)
    max_zip_ratio: int = 100
    zip_ratio_floor_bytes: int = 8 * 1024 * 1024
    #: nesting levels of zips allowed (2: a zip of zips; an XLSX inside is not a level)
    max_zip_depth: int = 2

    # --- personal values by shape (layers.io.shape, layers.registers.shifted) -----------------
    #: an area column whose non-empty values are more than this share NIK-shaped is shifted
    shifted_nik_share: float = 0.5
    #: ... or (kecamatan, dusun, RW) whose distinct values per non-empty row exceed this (an
    #: area is shared by many households; names or keys are one per person), from this many rows
    shifted_distinct_ratio: float = 0.5
    shifted_min_rows: int = 50
    #: ... or, for the desa column, more distinct values than this under one kecamatan
    shifted_max_desa_per_kec: int = 150

    # --- reading ----------------------------------------------------------------------------
    #: rows per chunk when reading household files
    chunk_rows: int = 200_000

    #: direction words and numerals that make two names different villages, never fuzzy twins
    direction_words: tuple[str, ...] = field(default=(
        "LOR", "KIDUL", "WETAN", "KULON", "UTARA", "SELATAN", "TIMUR", "BARAT", "TENGAH",
        "ILIR", "ULU", "HILIR", "HULU", "DALAM", "LUAR", "BARU", "LAMA", "ATAS", "BAWAH",
    ))


DEFAULT = Settings()
