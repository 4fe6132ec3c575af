"""``write_report``: the PDF for a kabupaten (atlas), a kecamatan (rakor report) or a desa
(Musdes sheet), chosen by the length of the area code."""

from __future__ import annotations

from pathlib import Path

from layers.errors import InputError
from layers.reports.content import (RankOptions, area_title, load_report_data, rank,
                                    resolve_area)
from layers.reports.maps import MapOptions


def report_pdf(data, area, *, ranking: RankOptions = RankOptions(),
               options: MapOptions = MapOptions()) -> bytes:
    """The PDF of ``area`` (any code of the dataset, dotted or not) as bytes, ranked with
    ``ranking``, the map drawn with ``options``."""
    from layers.reports.pdfdoc import ReportPDF

    level, code, name = resolve_area(data, area)
    lang = options.lang
    source = "Sumber" if lang == "id" else "Source"
    footer = (f"Prioritas Desa · {area_title(level, code, name, lang)} · "
              f"{'Periode' if lang == 'id' else 'Period'} {data.period} · {source}: "
              f"{', '.join(r.upper() for r in data.registers())}")
    if data.internal:
        footer = ("INTERNAL - tidak untuk disebarkan" if lang == "id" else
                  "INTERNAL - not for distribution") + " · " + footer
    pdf = ReportPDF(footer[:150], lang=lang)
    pdf.set_title(area_title(level, code, name, lang))
    if level == "kec":
        from layers.reports.kecamatan import kecamatan_section

        kecamatan_section(pdf, data, code, rank(data, area=code, options=ranking), options)
    elif level == "kab":
        from layers.reports.atlas import atlas

        atlas(pdf, data, code, ranking=ranking, options=options)
    else:
        from layers.reports.musdes import musdes_sheet

        musdes_sheet(pdf, data, code, ranking=ranking, options=options)
    return bytes(pdf.output())


def write_report(data_dir, area, out, *, ranking: RankOptions = RankOptions(),
                 options: MapOptions = MapOptions(), today=None,
                 internal: bool = False) -> Path:
    """Write the PDF of ``area`` from the dataset in ``data_dir`` to ``out`` (``.pdf``);
    ``internal=True``: unsuppressed, every page marked "internal - not for distribution"."""
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise InputError("Berkas keluaran harus .pdf.", "The output file must be .pdf.",
                         file=out.name)
    data = load_report_data(data_dir, today=today, internal=internal)
    pdf = report_pdf(data, area, ranking=ranking, options=options)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(pdf)
    tmp.replace(out)
    return out
