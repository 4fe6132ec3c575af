"""The synthetic "Kabupaten Contoh": boundaries and household files with realistic mess.

Everything is drawn from ``numpy.random.default_rng`` seeded by ``seed``; nothing depends on
the clock, uuid or set order, so the same seed gives byte-identical files. All codes start with
99 (never a real province); NIK, No. KK and IDDTKS numbers start with 99 as well, also when the
households are generated over real desa (``boundaries=``).

Public API
----------
make_boundaries      irregular seamless desa polygons (Voronoi + smooth warp) in canonical columns
make_households      SIKS-NG persons, P3KE families and the true per-desa counts
write_demo_inputs    the files a user would hold: BIG boundary GeoJSON, DTKS exports in mixed
                     formats, P3KE workbooks, the correct mapping, the truth and a manifest

The mess injected (name variants, typos, ambiguous names, damaged codes, duplicates, rejected
rows, a kecamatan missing from P3KE) is recorded in the manifest so that tests of the readers,
the matcher and the build can assert on it.

Modules
-------
layout        the kabupaten's identity and the column layouts (``SIKS_COLUMNS``, ...)
words         word lists of the synthetic names
tessellation  the Voronoi desa cells and their grouping into kecamatan
boundaries    ``make_boundaries``: names, codes and the canonical frame
population    the family pool and its members
scoring       whether common fuzzy scorers would accept a written name
spellings     name variants, typos and ambiguous spellings
mess          the plan of the mess planted
siks, p3ke    the register rows as their files hold them
answers       the truth per desa, the written names with their answers, the mess summary
households    ``make_households``
files         writing GeoJSON, CSV and XLSX files byte for byte
reference     the population and IDM tables
manifest      the manifest content
write         ``write_demo_inputs``
"""

from layers.demo.boundaries import make_boundaries
from layers.demo.households import make_households
from layers.demo.layout import P3KE_COLUMNS, SIKS_COLUMNS, TRUTH_COLUMNS
from layers.demo.results import DemoHouseholds, DemoManifest
from layers.demo.write import write_demo_inputs

__all__ = [
    "DemoHouseholds", "DemoManifest", "make_boundaries", "make_households", "write_demo_inputs",
    "SIKS_COLUMNS", "P3KE_COLUMNS", "TRUTH_COLUMNS",
]
