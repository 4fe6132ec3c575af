"""The kabupaten atlas: a cover page (the kabupaten's map by kecamatan and the kecamatan table),
a contents list with page numbers, then one rakor section per kecamatan."""

from __future__ import annotations

from layers.reports.content import area_title, cell_text, count_text, rank
from layers.reports.kecamatan import (header_lines, kecamatan_section, map_with_legend,
                                      method_text)
from layers.reports.maps import indicator_of, kabupaten_map
from layers.reports.pdfdoc import PT


def atlas(pdf, data, kode_kab: str, *, ranking, options) -> None:
    """Cover, contents, and one section per kecamatan of ``kode_kab`` in code order."""
    lang = pdf.lang
    kecs = data.kecamatan[data.kecamatan["kode_kab"] == kode_kab].sort_values("kode_kec")
    name = str(kecs.iloc[0]["nama_kab"])
    ranking0 = rank(data, area=kode_kab, options=ranking)
    col = indicator_of(data, options, ranking0)
    pdf.add_page()
    header_lines(pdf, data, ("Atlas Prioritas Desa: " if lang == "id" else
                             "Village Priority Atlas: ") + area_title("kab", kode_kab, name, lang),
                 f"{len(kecs)} kecamatan · {len(data.desa[data.desa['kode_kab'] == kode_kab])} "
                 "desa/kelurahan")
    mapdata, leg = kabupaten_map(data, kode_kab, col, options)
    map_with_legend(pdf, mapdata, leg, size=(125 / PT, 105 / PT))
    _kecamatan_table(pdf, data, kecs, ranking0)
    method_text(pdf, ranking0, data, col)
    pdf.add_page()
    pdf.insert_toc_placeholder(_contents, pages=1)
    for kode in kecs["kode_kec"]:
        kecamatan_section(pdf, data, kode, rank(data, area=kode, options=ranking), options,
                          method=False)


def _kecamatan_table(pdf, data, kecs, ranking) -> None:
    lang = pdf.lang
    reg = next((r for r in data.registers() if f"{r}_kk_terdaftar" in kecs.columns), None)
    p1 = ranking.ranked[ranking.ranked["prioritas"] == 1].groupby("kode_kec").size()
    heads = (["Kode", "Kecamatan", "Desa", "KK terdaftar", "% terdaftar",
              "Desa prioritas 1 (kabupaten)"] if lang == "id" else
             ["Code", "Kecamatan", "Desa", "Registered", "% registered",
              "Tier-1 desa (kabupaten)"])
    rows = []
    for row in kecs.drop(columns="geometry").to_dict("records"):
        code = row["kode_kec"]
        rows.append([code, row["nama_kec"], count_text(row.get("jumlah_desa")),
                     *(cell_text(data, "kecamatan", code, f"{reg}_{c}", row.get(f"{reg}_{c}"),
                                 lang=lang) if reg else "–"
                       for c in ("kk_terdaftar", "persen_terdaftar")),
                     count_text(int(p1.get(code, 0)))])
    pdf.grid(heads, rows, [18, 50, 16, 30, 26, 40],
             align=["LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"])


def _contents(pdf, outline) -> None:
    """The contents page: each kecamatan section and its page."""
    pdf.set_xy(pdf.l_margin, pdf.t_margin)
    pdf.heading("Daftar isi" if pdf.lang == "id" else "Contents", 13)
    pdf.set_font("dejavu", size=9)
    for entry in outline:
        pdf.cell(150, 5.2, entry.name)
        pdf.cell(0, 5.2, str(entry.page_number), align="R", new_x="LMARGIN", new_y="NEXT")
