"""The kecamatan report for the rakor: one section (starts on a new page) of the PDF.

Title, period, source registers, date; the map of the kecamatan's desa with every name; the
top priority desa with their key figures and why; programme coverage and exclusion counts; the
method; the names still unresolved in the data.
"""

from __future__ import annotations

from layers.fmt import angka, persen
from layers.reports.content import PROGRAMMES, area_title, cell_text, small_text
from layers.reports.maps import indicator_of, kecamatan_map
from layers.reports.mapfig import render_png
from layers.reports.pdfdoc import PT

#: number of desa in the top list
TOP = 10
#: the map on the page, in points (width x height)
MAP_SIZE = (125 / PT, 112 / PT)


def date_text(d, lang: str = "id") -> str:
    months = ("Januari Februari Maret April Mei Juni Juli Agustus September Oktober November "
              "Desember").split() if lang == "id" else (
        "January February March April May June July August September October November "
        "December").split()
    return f"{d.day} {months[d.month - 1]} {d.year}"


def header_lines(pdf, data, title: str, subtitle: str) -> None:
    """Title, area, period, sources and date."""
    lang = pdf.lang
    pdf.heading(title, 14)
    pdf.para(subtitle, 9.5)
    words = (("Periode data", "Sumber", "Dicetak") if lang == "id"
             else ("Data period", "Source", "Printed"))
    pdf.para(f"{words[0]}: {data.period}   ·   {words[2]}: {date_text(data.today, lang)}\n"
             f"{words[1]}: {data.sources(lang)}", 7.5)


def map_with_legend(pdf, mapdata, leg, size=MAP_SIZE) -> None:
    """The map at the left margin, legend and key of numbered labels to its right."""
    png, drawn = render_png(mapdata, *size, text=False, lang=pdf.lang)
    x, y = pdf.l_margin, pdf.get_y()
    pdf.map_block(png, drawn, x, y)
    lx = x + size[0] * PT + 4
    below = pdf.legend_block(leg, lx, y, width=pdf.w - pdf.r_margin - lx)
    pdf.key_block(drawn, lx, below + 3, width=pdf.w - pdf.r_margin - lx)
    pdf.set_xy(pdf.l_margin, y + size[1] * PT + 4)
    return drawn


def kecamatan_section(pdf, data, kode_kec: str, ranking, options, *,
                      method: bool = True) -> None:
    """The rakor report of one kecamatan, from a new page (``method=False``: the atlas prints
    the method once, before the sections)."""
    lang = pdf.lang
    desa = data.desa[data.desa["kode_kec"] == kode_kec]
    name, kab = str(desa.iloc[0]["nama_kec"]), str(desa.iloc[0]["nama_kab"])
    pdf.add_page()
    pdf.start_section(f"Kecamatan {name}")
    title = ("Laporan Prioritas Desa" if lang == "id" else "Village Priority Report")
    header_lines(pdf, data, f"{title}: {area_title('kec', kode_kec, name, lang)}",
                 f"{kab} · {len(desa)} desa/kelurahan")
    col = indicator_of(data, options, ranking)
    mapdata, leg = kecamatan_map(data, kode_kec, col, options)
    map_with_legend(pdf, mapdata, leg)
    top_table(pdf, data, ranking)
    kec = data.kecamatan[data.kecamatan["kode_kec"] == kode_kec].iloc[0]
    coverage_table(pdf, data, "kecamatan", kode_kec, kec.to_dict())
    if method:
        method_text(pdf, ranking, data, col)
    unresolved_text(pdf, data, kode_kec)


def top_table(pdf, data, ranking, n: int = TOP) -> None:
    """The first ``n`` ranked desa, their key figures and their largest contributions, through
    the suppression pattern (a hidden value shows its marker, its contribution ``x``)."""
    from layers.export.table import apply_pattern
    from layers.ranking.columns import indicator_info

    lang = pdf.lang
    shown, _ = apply_pattern(ranking.ranked.head(n).astype(object), ranking.indicators,
                             data.pattern)
    labels = {c: indicator_info(c, data.meta)[f"label_{'id' if lang == 'id' else 'en'}"]
              for c in ranking.indicators}
    pdf.heading(f"{n} desa prioritas teratas" if lang == "id" else f"Top {n} priority desa", 11)
    used = ranking.indicators
    heads = (["No", "Desa", "Skor", "Prioritas"] if lang == "id" else
             ["No", "Desa", "Score", "Tier"]) + [labels[c] for c in used] + [
        "Mengapa (kontribusi terbesar)" if lang == "id" else "Why (largest contributions)"]
    rows = []
    for r in shown.to_dict("records"):
        parts = sorted(((r[f"kontribusi_{c}"], labels[c]) for c in used
                        if not isinstance(r[f"kontribusi_{c}"], str)
                        and r[f"kontribusi_{c}"] and r[f"kontribusi_{c}"] > 0), reverse=True)
        reason = "; ".join(f"{lab} (+{angka(v, 1, lang=lang)})" for v, lab in parts[:2])
        skor = r["skor"] if isinstance(r["skor"], str) else angka(r["skor"], 2, lang=lang)
        rows.append([r["peringkat"], r["nama_desa"], skor, r["prioritas"],
                     *(_shown(r[c], c, lang) for c in used), reason or "–"])
    each = 72 / max(len(used), 1)
    pdf.grid(heads, rows, [7, 27, 11, 13, *([each] * len(used)), 50],
             align=["RIGHT", "LEFT", "RIGHT", "CENTER", *(["RIGHT"] * len(used)), "LEFT"],
             size=6.8)


def _shown(value, col: str, lang: str) -> str:
    if isinstance(value, str):
        return value
    return persen(value, lang=lang) if "persen" in col else angka(value, lang=lang)


def coverage_table(pdf, data, level: str, code: str, row) -> None:
    """Per register: households registered, programme coverage, exclusion and inclusion of one
    area (its row of the level's table), through the suppression pattern."""
    lang = pdf.lang
    pdf.heading("Cakupan program dan kesalahan sasaran" if lang == "id"
                else "Programme coverage and targeting errors", 11)
    heads = ["Register", "KK terdaftar", "PKH", "BPNT", "PBI", "Desil 1-4 tanpa bansos",
             "Kemungkinan inklusi"] if lang == "id" else [
        "Register", "Registered", "PKH", "BPNT", "PBI", "Decile 1-4 without aid",
        "Possible inclusion"]

    def cell(col):
        return cell_text(data, level, code, col, row.get(col), lang=lang) if col in row else "–"

    rows = []
    for reg in data.registers():
        if f"{reg}_kk_terdaftar" not in row:
            continue
        cells = [reg.upper(), cell(f"{reg}_kk_terdaftar")]
        for prog in PROGRAMMES:
            n, share = cell(f"{reg}_kk_{prog}"), cell(f"{reg}_persen_{prog}")
            cells.append(n if share == "–" else f"{n} ({share})")
        cells += [cell(f"{reg}_kk_desil_1_4_tanpa_bansos"), cell(f"{reg}_kk_inklusi")]
        rows.append(cells)
    pdf.grid(heads, rows, [20, 22, 28, 28, 28, 28, 26], align=["LEFT"] + ["RIGHT"] * 6)


def method_text(pdf, ranking, data, map_col: str) -> None:
    """Weights, normalisation, score, tiers and the definitions of the indicators shown."""
    from layers.ranking.columns import indicator_info

    lang = pdf.lang
    sfx = "id" if lang == "id" else "en"
    m = ranking.method
    weights = ", ".join(f"{i[f'label_{sfx}']} {angka(100 * i['bobot_dinormalkan'], 1, lang=lang)}%"
                        for i in m["indikator"])
    defs = []
    for col in dict.fromkeys([*ranking.indicators, map_col]):
        entry = next((e for e in data.meta.get("indikator") or [] if e.get("kolom") == col), {})
        text = entry.get(f"metode_{sfx}")
        if text:
            defs.append(f"{indicator_info(col, data.meta)[f'label_{sfx}']}: {text}")
    pdf.heading("Metode" if lang == "id" else "Method", 11)
    lead = "Bobot" if lang == "id" else "Weights"
    pdf.para(f"{lead}: {weights}. {m[f'normalisasi_{sfx}']} {m[f'skor_{sfx}']} "
             f"{m[f'aturan_prioritas_{sfx}']} {m[f'aturan_seri_{sfx}']}", 7.5)
    if defs:
        pdf.para("\n".join(defs), 7)
    k = data.pattern.threshold if data.pattern is not None else 0
    if k > 1:
        pdf.para(f"Angka kecil (1-{k - 1}) tampil sebagai <{k}; x = disembunyikan agar angka "
                 "kecil tidak dapat dihitung balik dari jumlah; 0 = nol; – = tidak ada data. "
                 "Satu aturan untuk semua keluaran (docs/privacy.md)." if lang == "id" else
                 f"Small counts (1-{k - 1}) show as <{k}; x = hidden so a small count cannot be "
                 "recomputed from totals; 0 = zero; – = no data. One rule for every output.", 7)


def unresolved_text(pdf, data, kode_kec: str) -> None:
    """Names read in the registers under this kecamatan that match no desa yet."""
    lang = pdf.lang
    rev = data.review
    pdf.heading("Nama wilayah belum cocok" if lang == "id" else "Area names not yet matched", 11)
    if rev is None:
        pdf.para("Daftar nama yang belum cocok tidak terbaca di sini: lihat match_report.csv "
                 "dataset ini sebelum memakai peta." if lang == "id" else
                 "The list of unmatched names could not be read here: see the dataset's "
                 "match_report.csv before using the map.", 7.5)
        return
    mine = rev[(rev["induk_kode"] == kode_kec) |
               ((rev["tingkat"] == "kec") & (rev["induk_kode"] == kode_kec[:4]))]
    if mine.empty:
        pdf.para("Semua nama wilayah di register untuk kecamatan ini sudah dicocokkan: peta "
                 "tidak punya celah tersembunyi." if lang == "id" else
                 "Every area name in the registers for this kecamatan is matched: the map has "
                 "no hidden gaps.", 7.5)
        return
    pdf.para(("Rumah tangga dengan nama berikut belum dihitung di desa mana pun sampai nama itu "
              "diputuskan (berkas pemetaan):") if lang == "id" else
             "Households under these names are counted in no desa until the name is decided "
             "(mapping file):", 7.5)
    rows = [[r.register, r.tingkat, r.input_nama, r.metode, small_text(data, r.jumlah_baris, lang=lang)]
            for r in mine.itertuples(index=False)]
    pdf.grid(["Register", "Tingkat" if lang == "id" else "Level", "Nama" if lang == "id"
              else "Name", "Status", "KK"], rows, [22, 18, 70, 30, 20],
             align=["LEFT", "LEFT", "LEFT", "LEFT", "RIGHT"])
