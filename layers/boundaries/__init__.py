"""Desa boundary files to one canonical GeoDataFrame, with a geometry QA report.

Reads GeoPackage, zipped or plain Shapefile, GeoJSON and GeoParquet; recognises the BIG layout
(``KDEPUM``, ``KDEBPS``, ``WADMKD`` ...) and plain code/name columns; returns one row per desa in
EPSG:4326 with undotted Kemendagri codes (docs/architecture.md, "boundaries").

Modules
-------
read         :func:`read_boundaries`: the whole reading, step by step
formats      file formats (sniffing, layers, zip members, area filters while reading)
layout       which column holds what (BIG, ``kode_nama``) and the canonical columns
crs          the coordinate reference system: required, checked, made EPSG:4326
qa           geometry repairs, duplicate codes, overlaps and gaps
levels       kecamatan / kabupaten / provinsi dissolved from the desa; the gazetteer
codes_table  Kemendagri codes for boundary files that carry names only (``--codes``)
"""

from layers.boundaries.layout import COLUMNS
from layers.boundaries.levels import dissolve_levels, gazetteer
from layers.boundaries.read import BoundaryResult, read_boundaries

__all__ = ["COLUMNS", "BoundaryResult", "dissolve_levels", "gazetteer", "read_boundaries"]
