"""The Musdes sheet of one desa: its figures beside its kecamatan and kabupaten, its rank and
tier, programme coverage, exclusion and inclusion counts, the dusun / RW breakdown as a table
and a bar chart, and a small map of the desa among its neighbours. Plain Bahasa Indonesia."""

from __future__ import annotations

import pandas as pd

from layers.fmt import angka
from layers.export.suppression import subdesa_code
from layers.reports.content import PROGRAMMES, area_title, cell_text, rank
from layers.reports.kecamatan import header_lines, map_with_legend
from layers.reports.maps import indicator_of, neighbour_map
from layers.reports.pdfdoc import PT

#: rows of the figures table: (name without register, label id, label en)
FIGURES = (("kk_terdaftar", "KK terdaftar", "Registered households"),
           ("persen_terdaftar", "% KK terdaftar", "% households registered"),
           ("kk_miskin_ekstrem", "KK miskin ekstrem", "Extreme-poor households"),
           ("kk_deprivasi", "KK rumah tidak layak", "Housing-deprived households"),
           *((f"kk_{p}", f"KK penerima {p.upper()}", f"{p.upper()} recipients")
             for p in PROGRAMMES),
           ("kk_desil_1_4_tanpa_bansos", "Desil 1-4 tanpa bansos (exclusion)",
            "Decile 1-4 without aid (exclusion)"),
           ("kk_inklusi", "Kemungkinan inklusi", "Possible inclusion"))


def musdes_sheet(pdf, data, kode_desa: str, *, ranking, options) -> None:
    lang = pdf.lang
    row = data.desa[data.desa["kode_desa"] == kode_desa].iloc[0]
    kec, kab = str(row["kode_kec"]), str(row["kode_kab"])
    pdf.add_page()
    header_lines(pdf, data, ("Lembar Musdes: " if lang == "id" else "Musdes sheet: ")
                 + area_title("desa", kode_desa, str(row["nama_desa"]), lang),
                 f"Kecamatan {row['nama_kec']} · {row['nama_kab']}")
    in_kec = rank(data, area=kec, options=ranking)
    in_kab = rank(data, area=kab, options=ranking)
    _rank_text(pdf, data, row, in_kec, in_kab)
    _figures(pdf, data, row, kec, kab)
    col = indicator_of(data, options, in_kec)
    mapdata, leg = neighbour_map(data, kode_desa, col, options)
    map_with_legend(pdf, mapdata, leg, size=(100 / PT, 80 / PT))
    _dusun(pdf, data, kode_desa)


def _rank_text(pdf, data, row, in_kec, in_kab) -> None:
    from layers.ranking import reason_text

    lang = pdf.lang
    code = row["kode_desa"]
    a = in_kec.table[in_kec.table["kode_desa"] == code].iloc[0]
    b = in_kab.table[in_kab.table["kode_desa"] == code].iloc[0]
    if pd.isna(a["peringkat"]):
        pdf.para(("Desa ini tidak diperingkat: " if lang == "id" else "Not ranked: ")
                 + reason_text(a["alasan_kosong"], lang=lang), 9)
        return
    n_kec, n_kab = len(in_kec.ranked), len(in_kab.ranked)
    skor = _skor(data, pdf.lang, in_kec, code)
    pdf.para(f"Peringkat {a['peringkat']} dari {n_kec} desa di kecamatan, peringkat "
             f"{b['peringkat']} dari {n_kab} desa di kabupaten; prioritas {a['prioritas']} "
             f"(skor {skor} dari 100)." if lang == "id" else
             f"Rank {a['peringkat']} of {n_kec} desa in the kecamatan, rank {b['peringkat']} "
             f"of {n_kab} in the kabupaten; tier {a['prioritas']} (score "
             f"{skor} of 100).", 9.5)


def _skor(data, lang: str, ranking, code: str) -> str:
    """The desa's skor, or ``x`` when it would give back a suppressed value."""
    from layers.export.table import apply_pattern

    row = ranking.table[ranking.table["kode_desa"] == code].astype(object)
    shown, _ = apply_pattern(row, ranking.indicators, data.pattern)
    value = shown.iloc[0]["skor"]
    return value if isinstance(value, str) else angka(value, 2, lang=lang)


def _figures(pdf, data, row, kec, kab) -> None:
    """Desa, kecamatan and kabupaten side by side, per register (through the pattern)."""
    lang = pdf.lang
    areas = [("desa", row["kode_desa"], row.to_dict()),
             ("kecamatan", kec, _row(data.kecamatan, "kode_kec", kec)),
             ("kabupaten", kab, _row(data.kabupaten, "kode_kab", kab))]
    rows = []
    for reg in data.registers():
        for name, lid, len_ in FIGURES:
            col = f"{reg}_{name}"
            if col not in data.desa.columns or pd.isna(row[col]):
                continue
            rows.append([reg.upper(), lid if lang == "id" else len_,
                         *(cell_text(data, lvl, code, col, vals.get(col), lang=lang)
                           for lvl, code, vals in areas)])
    pdf.heading("Angka desa dibanding kecamatan dan kabupaten" if lang == "id" else
                "The desa beside its kecamatan and kabupaten", 11)
    pdf.grid(["Register", "Angka" if lang == "id" else "Figure", "Desa", "Kecamatan",
              "Kabupaten"], rows, [20, 70, 28, 30, 32],
             align=["LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT"], size=7.2)


def _row(frame, key: str, code: str) -> dict:
    if frame is None:
        return {}
    hit = frame[frame[key] == code]
    return hit.iloc[0].to_dict() if len(hit) else {}


def _dusun(pdf, data, kode_desa: str) -> None:
    """The dusun / RW table of the register with most rows, and a bar chart of it."""
    lang = pdf.lang
    if pdf.get_y() > pdf.h - 90:
        pdf.add_page()
    pdf.heading("Rincian per dusun / RW" if lang == "id" else "By dusun / RW", 11)
    sub = data.subdesa
    rows = sub[sub["kode_desa"] == kode_desa] if sub is not None else sub
    if rows is None or rows.empty:
        pdf.para("Register tidak mencatat dusun/RW untuk desa ini." if lang == "id" else
                 "The registers record no dusun/RW for this desa.", 8.5)
        return
    reg = rows.groupby("register")["kk_terdaftar"].sum().sort_values(kind="stable").index[-1]
    rows = rows[rows["register"] == reg].sort_values(["dusun", "rw"])
    cols = ("kk_terdaftar", "kk_miskin_ekstrem", "kk_desil_1_4_tanpa_bansos")
    table = []
    for r in rows.to_dict("records"):
        key = subdesa_code(reg, kode_desa, r["dusun"], r["rw"])
        table.append([reg.upper(), r["dusun"], r["rw"],
                      *(cell_text(data, "subdesa", key, f"{reg}_{c}", r[c], lang=lang)
                        for c in cols)])
    heads = ["Register", "Dusun", "RW"] + (
        ["KK terdaftar", "KK miskin ekstrem", "Desil 1-4 tanpa bansos"] if lang == "id" else
        ["Registered", "Extreme poor", "Decile 1-4 without aid"])
    pdf.grid(heads, table, [18, 40, 14, 24, 26, 30],
             align=["LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT"], size=7.2)
    if any(s[:1].isdigit() and s != "0" for s in (r[3] for r in table)):
        _bar_chart(pdf, rows, [r[3] for r in table])


def _bar_chart(pdf, rows, shown) -> None:
    """KK terdaftar per dusun / RW as a small horizontal bar chart (PNG); a suppressed value
    gets no bar, only its marker (``<5``, ``x``)."""
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    labels = [f"{d} / RW {r}" for d, r in zip(rows["dusun"], rows["rw"])]
    values = [0.0 if s in ("x", "–") or s.startswith("<") else float(v or 0)
              for s, v in zip(shown, rows["kk_terdaftar"].astype("Float64").fillna(0))]
    fig = Figure(figsize=(4.2, 0.3 * len(labels) + 0.6), dpi=160)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.barh(range(len(values)), values, color="#fd8d3c", edgecolor="#4d4d4d")
    ax.set_yticks(range(len(values)), labels, fontsize=7)
    for i, s in enumerate(shown):
        if values[i] == 0 and s not in ("0",):
            ax.text(0, i, f" {s}", va="center", fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("KK terdaftar" if pdf.lang == "id" else "Registered households", fontsize=7)
    ax.tick_params(axis="x", labelsize=7)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    h = (0.3 * len(labels) + 0.6) * 25.4
    if pdf.get_y() + h > pdf.h - 16:
        pdf.add_page()
    pdf.image(io.BytesIO(buf.getvalue()), x=pdf.l_margin, w=4.2 * 25.4, h=h)
