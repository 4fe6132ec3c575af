"""Writers for a ranking: an XLSX with its method sheet, or a clean CSV with a method sidecar.

The XLSX is for people: a title block (title, area, data period, source, method line, legend,
export date), the table with codes stored as text cells (``@``) so Excel never turns
``3316062002`` into ``3.31606E+09``, number formats that Excel shows in the reader's locale
(``1.234,5`` in Indonesian), a frozen header, and a ``Metode`` sheet with everything needed to
reproduce the list. The CSV is for software: one header row of column names, UTF-8 with BOM,
comma-separated, decimal point; its method goes to ``<name>.metode.json`` beside it.

Small counts are suppressed in both by the dataset's one pattern (:mod:`layers.export.suppression`,
rule in ``docs/privacy.md``); ``internal=True`` writes them unsuppressed and marked INTERNAL. Apart from the export date (``today``)
the files depend only on the ranking and ``meta.json``: the XLSX is byte-identical for the same
inputs and date. This package imports :mod:`layers.ranking`, never the other way round.

Modules
-------
suppression   the ONE small-count suppression rule (pattern per dataset version)
table         the exported table with the pattern applied
method        the method as a JSON-ready document (CSV sidecar, ``Metode`` sheet)
labels        column headers, number formats and widths; the area's name
writer        write_ranking: ``.xlsx`` or ``.csv``
method_sheet  the ``Metode`` sheet
xlsx          deterministic XLSX bytes (also used by the demo generator)

Public API
----------
export_table        the exported table (display values, suppression applied) and what was hidden
suppression_pattern the dataset's suppression pattern (every public output uses it)
apply_pattern       the pattern applied to a ranking table
write_ranking       ``.xlsx`` or ``.csv`` (+ ``.metode.json``)
method_document     the method as a JSON-ready dict
deterministic_xlsx  re-pack XLSX bytes so they depend on content and a date only
"""

from layers.export.method import method_document
from layers.export.suppression import (NO_SUPPRESSION, SECONDARY_MARK, Pattern,
                                       SuppressionReport, suppression_pattern)
from layers.export.table import Suppression, apply_pattern, export_table
from layers.export.writer import write_ranking
from layers.export.xlsx import deterministic_xlsx

__all__ = ["NO_SUPPRESSION", "SECONDARY_MARK", "Pattern", "Suppression", "SuppressionReport",
           "apply_pattern", "deterministic_xlsx", "export_table", "method_document",
           "suppression_pattern", "write_ranking"]
