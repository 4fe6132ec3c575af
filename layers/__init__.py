"""Prioritas Desa data layers: pure pandas / geopandas, never imports dash.

One subpackage per concern; imports go one way (top to bottom below, never back up).
docs/architecture.md is the map.

Modules and subpackages
-----------------------
settings     every threshold and switch, one documented place
errors       bilingual (Bahasa Indonesia / English) input errors naming file, row and column
fmt          Indonesian number formatting
codes        Kemendagri code normalisation and area-name parsing
io/          the one file sniffer and archive rule; CSV / XLSX / XLS tables read in chunks
registers/   household register layouts (SIKS-NG DTKS, P3KE, DTSEN): detect, read, drop
             personal columns
matching/    hierarchical exact + fuzzy area-name matching, review list, mapping CSV;
             bridge/ BPS -> Kemendagri desa codes
boundaries/  boundary readers to canonical columns, QA, dissolved levels, code table for
             names-only files
indicators/  the indicator catalogue; aggregation and roll-ups; housing deprivation;
             population, IDM, extra tables and geotags per desa
build/       BuildSpec (every input of a build), the pipeline, meta.json, the atomic writer,
             the summary
ranking/     composite priority index, tiers (one natural-breaks function), exclusion /
             inclusion tables
export/      the deterministic XLSX writer; ranking and table exports with small-count
             suppression
store/       published dataset versions (atomic publish / switch / recover), reading a dataset
             directory, browser import sessions
demo/        the synthetic "Kabupaten Contoh" generator
cli/         ``python -m layers build | demo | rank``, one module per subcommand
"""

__version__ = "0.1.0"
