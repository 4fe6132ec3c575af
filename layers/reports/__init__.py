"""Printed reports and map images, drawn offline: the rakor report of a kecamatan, the atlas
of a kabupaten, the Musdes sheet of a desa (PDF, fpdf2) and the map image of a view (PNG / SVG,
matplotlib). Pure data: no dash. Rules and layout: ``docs/reports.md``.

Modules
-------
fonts       the bundled Unicode font (DejaVu Sans from matplotlib) and text widths
labels      label placement: every name, no overlapping boxes, numbers + key when needed
legend      classes, greyscale-safe ramps, the legend text (Indonesian numbers)
mapfig      the static map: fills, hatching, borders, scale bar, north arrow, labels
maps        which areas and classes each map shows
content     the dataset read once; area codes; the ranking as ``layers rank`` gives it
pdfdoc      the PDF document and its blocks (tables, map with text labels, legend, key)
kecamatan   the rakor section; atlas: cover, contents, sections; musdes: the desa sheet
image       the map image of a view with title, legend, source, period and date
build       ``report_pdf`` / ``write_report``: the PDF of a kabupaten, kecamatan or desa code

The command line is ``python -m layers report`` (:mod:`layers.cli.report`).
"""
