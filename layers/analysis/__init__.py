"""Analyses behind the ranking, on a dataset's desa table (no Dash):

* :mod:`layers.analysis.quadrant`: TKPK quadrant analysis of two indicators;
* :mod:`layers.analysis.hotspot`: Local Moran's I and Getis-Ord Gi* on Empirical Bayes rates,
  global Moran's I as a sentence (esda, libpysal; imported when a hotspot is computed);
* :mod:`layers.analysis.weights`: spatial weights, cached per dataset version;
* :mod:`layers.analysis.change`: change between two periods, per desa and per kecamatan;
* :mod:`layers.analysis.write`: CSV / XLSX with title block and method sheet.

Every analysis returns ``(frame, method)``: one row per desa with ``kode_desa`` first, and a
dict with the method in both languages (``teks_id``, ``teks_en``) and its details
(``rincian``). Method and numbering: docs/analysis.md.
"""

from layers.analysis.change import compare_periods, kecamatan_summary
from layers.analysis.hotspot import hotspot
from layers.analysis.quadrant import quadrant

__all__ = ["compare_periods", "hotspot", "kecamatan_summary", "quadrant"]
