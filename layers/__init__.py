"""Prioritas Desa data layers: pure pandas / geopandas, never imports dash.

Modules
-------
settings    every threshold and switch, one documented place
errors      bilingual (Bahasa Indonesia / English) input errors naming file, row and column
codes       Kemendagri code normalisation and area-name parsing
matching    hierarchical exact + fuzzy area-name matching, review list, mapping CSV
boundaries  boundary readers (GeoPackage, Shapefile zip, GeoJSON, GeoParquet) to canonical columns
tabular     CSV / XLSX / XLS readers (encodings, delimiters, title rows), read in chunks
registers   household register layouts (SIKS-NG DTKS, P3KE, DTSEN): detect, read, drop personal
            columns
bridge      BPS -> Kemendagri desa codes (boundary file's BPS column or a crosswalk)
housing     the one table from each layout's housing values / codes to 7 deprivation items
population  population table per desa (denominators)
reference   IDM and user tables of numbers per desa
geotag      geotagged points -> desa (coordinates never leave)
codes_table names-only boundary files -> Kemendagri codes
extras      desa-level inputs of a build that belong to no register
aggregate   households -> desa counts and rates, roll-ups to kecamatan / kabupaten / provinsi
build       the whole pipeline and its atomic writer
summary     the one-screen build summary
ranking     composite priority index, tiers, exclusion / inclusion tables
export      ranking writers (XLSX with method sheet, CSV), small-count suppression
datasets    published dataset versions, atomic publish / switch / recover
importer    browser import sessions: upload sniffing, check report, name decisions, reruns
demo        the synthetic "Kabupaten Contoh" generator
"""

__version__ = "0.1.0"
