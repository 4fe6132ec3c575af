"""The one-screen summary a build prints (counts, codes and area names only)."""

from __future__ import annotations

from layers.fmt import angka, persen


def render_summary(result) -> str:
    """Text summary of a :class:`layers.build.BuildResult`, Indonesian / English."""
    meta, qa = result.meta, result.boundary_qa
    desa = result.desa
    lines = [
        f"Prioritas Desa {meta['versi']} — dataset: {result.out}",
        f"Periode / period: {meta['periode'] or '–'}   Wilayah / area: {meta['wilayah']['nama']}",
        (f"Batas / boundaries: {meta['batas_wilayah']['file']} ({qa.get('layout')}): "
         f"{angka(len(desa))} desa/kel, {angka(desa['kode_kec'].nunique())} kecamatan, "
         f"{angka(int((desa['jenis'] == 'kelurahan').sum()))} kelurahan; "
         f"diperbaiki/repaired {angka(qa.get('repaired', 0))}, "
         f"kode ganda/duplicate codes {angka(len(qa.get('duplicate_codes', [])))}, "
         f"tumpang tindih/overlaps {angka(len(qa.get('overlaps', [])))}, "
         f"celah/gaps {angka(len(qa.get('gaps', [])))}"),
    ]
    for reg, rb in zip(meta["registers"], result.registers):
        lines += [
            "",
            f"{reg['label_id']} — {angka(len(reg['files']))} berkas/files, layout {reg['layout']}",
            (f"  baris dibaca/rows read {angka(reg['rows_read'])}, duplikat/duplicates "
             f"{angka(reg['duplicates'])}, ditolak/rejected {angka(reg['rejected'])}, "
             f"KK {angka(reg['kept'])}"
             + (f", jiwa/persons {angka(reg['persons'])}" if reg.get("persons") else "")),
            (f"  cocok ke desa / matched to a desa: {persen(100 * reg['match_rate'])} KK; "
             f"tidak cocok/unresolved {angka(reg['households_unresolved'])} KK; "
             f"di luar wilayah/outside the area {angka(reg['households_outside_area'])} KK; "
             f"nama perlu ditinjau/names to review {angka(reg['names_to_review'])}"),
            "  kecamatan tanpa data / kecamatan with no rows: "
            + (", ".join(_kec_name(desa, k) for k in reg["kecamatan_tanpa_data"]) or "–"),
            "  program tercatat / programmes recorded: " + ", ".join(reg["programmes"]),
        ]
        lines += _review_lines(rb.review)
        missing = [i["nama"] for i in meta["indikator"]
                   if i["register"] == reg["register"] and not i["tersedia"]]
        if missing:
            lines.append("  tidak tersedia di layout ini / not in this layout: " + ", ".join(missing))
    lines += _extra_lines(meta)
    lines += ["", "Berkas / files: desa.parquet, kecamatan.parquet, kabupaten.parquet, "
              "provinsi.parquet, subdesa.parquet, match_report.csv, rejected.csv, meta.json"]
    return "\n".join(lines)


def _kec_name(desa, kode: str) -> str:
    names = desa.loc[desa["kode_kec"] == kode, "nama_kec"]
    return f"{names.iloc[0]} ({kode})" if len(names) else kode


def _review_lines(review, limit: int = 8) -> list[str]:
    """The names a human must decide, as far as one screen allows."""
    if review is None or review.empty:
        return []
    lines = ["  perlu ditinjau / to review (match_report.csv, lalu/then --mapping):"]
    for row in review.head(limit).itertuples():
        first = str(row.kandidat).split(";")[0] if isinstance(row.kandidat, str) else ""
        lines.append(f"    {row.tingkat} '{row.input_nama}' di/under {row.induk_kode or '-'}: "
                     f"{row.metode}, {angka(row.jumlah_baris)} KK"
                     + (f"; kandidat/candidate {first.strip()}" if first else ""))
    if len(review) > limit:
        lines.append(f"    ... +{angka(len(review) - limit)} lagi/more")
    return lines


def _extra_lines(meta: dict) -> list[str]:
    """Denominator, reference layers and geotagged points."""
    lines = [""]
    pen = meta.get("penyebut", {})
    if pen.get("sumber") == "tabel_penduduk":
        missing = pen.get("desa_tanpa_data") or []
        lines.append(f"Penyebut / denominator: {pen['file']}: {angka(pen['desa_dengan_data'])} "
                     f"desa; tanpa baris/without a row: {angka(len(missing))}"
                     + (f" ({', '.join(missing[:5])}{' ...' if len(missing) > 5 else ''})"
                        if missing else ""))
    elif pen.get("sumber") == "dtsen":
        lines.append("Penyebut / denominator: DTSEN (seluruh penduduk / whole population)")
    else:
        lines.append(f"Penyebut / denominator: – {pen.get('alasan_id', '')} / "
                     f"{pen.get('alasan_en', '')}")
    for ref in meta.get("referensi", []):
        st = ref.get("statistik", {})
        lines.append(f"Acuan / reference ({ref['jenis']}): {ref['file']}: {angka(st.get('desa'))} "
                     f"desa, ditolak/rejected {angka(st.get('rejected', 0))}")
    if "titik" in meta:
        st = meta["titik"]
        lines.append(f"Titik / points: {angka(st.get('points'))}, di desa/placed "
                     f"{angka(st.get('placed'))}; status {st.get('status')}")
    return lines
