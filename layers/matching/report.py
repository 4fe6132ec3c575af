"""The match report: a row per distinct input name (or code) at each level; the review list."""

from __future__ import annotations

import pandas as pd

from layers.codes import LEVELS

REPORT_COLUMNS = ["tingkat", "input_kode", "input_nama", "induk_kode", "metode", "skor",
                  "kode_hasil", "nama_hasil", "kandidat", "jumlah_baris"]
"""Columns of :attr:`MatchResult.report` and :attr:`MatchResult.review`, in this order."""

METHODS = ("kode", "exact", "fuzzy", "konteks", "mapping", "ambiguous", "unmatched",
           "not_in_area")
"""Values of ``metode``."""

REVIEW_METHODS = ("ambiguous", "unmatched")
"""``metode`` values a human has to look at."""

ACCEPTED = ("kode", "exact", "fuzzy", "konteks", "mapping")
"""``metode`` values that resolve a name to a code."""


def sort_report(report: pd.DataFrame) -> pd.DataFrame:
    """Report rows in their order (level from the top, parent, name, code, decision) with
    ``skor`` as float and ``jumlah_baris`` as int64, index reset."""
    order = {lvl: n for n, lvl in enumerate(LEVELS)}
    report = report.assign(_lvl=report["tingkat"].map(order))
    report = report.sort_values(["_lvl", "induk_kode", "input_nama", "input_kode", "metode",
                                 "kandidat"], kind="stable")
    report = report.drop(columns="_lvl").reset_index(drop=True)
    report["skor"] = report["skor"].astype(float)
    report["jumlah_baris"] = report["jumlah_baris"].astype("int64")
    return report


def review_rows(report: pd.DataFrame) -> pd.DataFrame:
    """The report rows a human has to decide (:data:`REVIEW_METHODS`)."""
    return report[report["metode"].isin(REVIEW_METHODS)].reset_index(drop=True)
