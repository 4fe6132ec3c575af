"""Prioritas Desa data layers: pure pandas / geopandas, never imports dash.

Modules
-------
settings    every threshold and switch, one documented place
errors      bilingual (Bahasa Indonesia / English) input errors naming file, row and column
codes       Kemendagri code normalisation and area-name parsing
matching    hierarchical exact + fuzzy area-name matching, review list, mapping CSV
boundaries  boundary readers (GeoPackage, Shapefile zip, GeoJSON, GeoParquet) to canonical columns
tabular     CSV / XLSX / XLS readers (encodings, delimiters, title rows), read in chunks
registers   household register layouts (SIKS-NG DTKS, P3KE): detect, read, drop personal columns
aggregate   households -> desa counts and rates, roll-ups to kecamatan / kabupaten / provinsi
build       the whole pipeline and its atomic writer
demo        the synthetic "Kabupaten Contoh" generator
"""

__version__ = "0.1.0"
