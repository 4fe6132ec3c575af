"""The import page: its shell and the builders of each moving part (pure functions of plain
dicts: the check report of :mod:`layers.importer`, the upload entries, a job's progress, the
store's version list), so each can be tested without a browser.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import dcc, html

from layers.fmt import angka, persen
from layers.importer import STEPS
from layers.indicators import REGISTER_LABEL

from ..i18n import LANGS, t
from . import ids

#: rejected rows shown on the page (the download has every one)
REJECTED_SHOWN = 20
#: how often the page asks for a build's progress (ms)
POLL_MS = 400

#: rows of the per-register summary: (report key, locale key, kind)
REGISTER_ROWS = (
    ("rows_read", "import.row.rows_read", "count"),
    ("duplicates", "import.row.duplicates", "count"),
    ("rejected", "import.row.rejected", "count"),
    ("kept", "import.row.kept", "count"),
    ("persons", "import.row.persons", "count"),
    ("match_rate", "import.row.match_rate", "share"),
    ("households_unresolved", "import.row.unresolved", "count"),
    ("households_outside_area", "import.row.outside", "count"),
    ("names_to_review", "import.row.review", "count"),
)


# --------------------------------------------------------------------------------------------
# small formatters
# --------------------------------------------------------------------------------------------

def size_text(n: int | None, lang: str) -> str:
    """Bytes as KB (whole) below 1 MB, MB with one decimal below 10 MB, else whole MB:
    ``'274 KB'``, ``'3,2 MB'``, ``'200 MB'``."""
    if n is None:
        return "–"
    if n < 1024 * 1024:
        return f"{angka(max(1, round(n / 1024)) if n else 0, lang=lang)} KB"
    mb = n / (1024 * 1024)
    return f"{angka(mb, 1 if mb < 10 else 0, lang=lang)} MB"


def value_text(value, kind: str, lang: str) -> str:
    """A summary value: counts whole, shares (0-1) as a percentage with one decimal."""
    if kind == "share":
        return persen(None if value is None else float(value) * 100, 1, lang=lang)
    return angka(value, lang=lang)


def bilingual(text: str | None, lang: str) -> list:
    """A ``"<id>\\n<en>"`` message: the chosen language first, the other one smaller."""
    parts = str(text or "").split("\n")
    if len(parts) != 2:
        return [html.Span(str(text or ""), className="imp-msg")]
    first, second = (parts[1], parts[0]) if lang == "en" else (parts[0], parts[1])
    return [html.Span(first, className="imp-msg"),
            html.Span(second, className="imp-msg-other")]


def _label(entry: dict, lang: str, stem: str = "label") -> str:
    """The entry's own label in ``lang``, else its register's label, else the register."""
    own = entry.get(f"{stem}_{'en' if lang == 'en' else 'id'}")
    if own:
        return str(own)
    reg = str(entry.get("register") or "")
    known = REGISTER_LABEL.get(reg)
    return known[1 if lang == "en" else 0] if known else reg


def _reason(entry: dict, lang: str) -> str:
    return str(entry.get("alasan_en" if lang == "en" else "alasan_id") or "")


def _text(key: str, lang: str, tag=html.Span, **kw):
    """An element whose text is a locale label, switched with the language."""
    return tag(t(key, lang), id=ids.text(key), **kw)


# --------------------------------------------------------------------------------------------
# the page
# --------------------------------------------------------------------------------------------

def page(*, lang: str, enabled: bool, max_bytes: int, area: str = "",
         client: str = "") -> html.Div:
    """The whole import page (static; callbacks fill the moving parts).

    Parameters
    ----------
    enabled
        ``False`` when the app serves one dataset folder read-only: the page says why and
        offers no upload.
    max_bytes
        Size limit of one import (shown).
    area
        Name of the area the dashboard serves now (shown in the header).
    client
        A random key of this page load: the server finds the page's import by it.
    """
    header = html.Header(className="imp-header", children=[
        html.Div(className="imp-brand", children=[
            html.A(t("app.title", lang), href="/", className="imp-home"),
            _text("import.title", lang, html.H1),
            html.Span(area, className="imp-area", id=ids.AREA),
        ]),
        html.Div(className="imp-header-right", children=[
            html.A(t("import.back", lang), href="/", id=ids.text("import.back"),
                   className="imp-back"),
            html.Span(t("control.language", lang), className="imp-label",
                      id=ids.text("control.language")),
            dcc.RadioItems(id=ids.LANG, value=lang, inline=True, className="imp-radio",
                           options=[{"label": c.upper(), "value": c} for c in LANGS]),
        ]),
    ])
    stores = [dcc.Location(id=ids.LOCATION, refresh=False),
              dcc.Store(id=ids.CLIENT, data=client),
              dcc.Store(id=ids.FILES_STAMP, data=0),
              dcc.Store(id=ids.REPORT_STAMP, data=None),
              dcc.Store(id=ids.VERSIONS_STAMP, data=0),
              dcc.Store(id=ids.PUBLISH_INFO, data=None),
              dcc.Store(id=ids.VERSIONS_INFO, data=None),
              dcc.Interval(id=ids.POLL, interval=POLL_MS, disabled=True),
              dcc.Download(id=ids.REJECTED_DOWNLOAD)]
    if not enabled:
        body = [html.Section(className="imp-section imp-readonly", children=[
            _text("import.readonly", lang, html.P, className="imp-notice")])]
        return html.Div(className="imp-app", lang=lang, children=stores + [
            header, html.Main(body, className="imp-main")])
    upload = html.Section(className="imp-section", children=[
        _text("import.step.upload", lang, html.H2),
        _text("import.intro", lang, html.P, className="imp-intro"),
        html.Div(className="imp-drops", children=[
            _drop(ids.BOUNDARY_UPLOAD, "import.boundary", "import.drop",
                  "import.boundary_hint", lang, multiple=False),
            _drop(ids.HOUSEHOLDS_UPLOAD, "import.households", "import.drop_many",
                  "import.households_hint", lang, multiple=True),
        ]),
        html.P(t("import.limit", lang, size=size_text(max_bytes, lang)),
               className="imp-hint", id=ids.LIMIT),
        html.Div(id=ids.FILES, className="imp-files"),
        html.Div(className="imp-build-row", children=[
            html.Label(htmlFor=ids.PERIOD, className="imp-label", children=t("import.period", lang),
                       id=ids.text("import.period")),
            dcc.Input(id=ids.PERIOD, type="text", className="imp-input", placeholder="2026-11",
                      debounce=False, maxLength=7, autoComplete="off"),
            html.Button(_text("import.build", lang), id=ids.BUILD, n_clicks=0, disabled=True,
                        className="imp-button imp-primary"),
            html.Span(id=ids.BUILD_HINT, className="imp-hint"),
        ]),
        html.Div(id=ids.BUILD_NOTE, className="imp-note", role="status"),
        html.Div(id=ids.PROGRESS, className="imp-progress", **{"aria-live": "polite"}),
        _text("import.privacy", lang, html.P, className="imp-hint"),
    ])
    result = html.Div(id=ids.PUBLISH_SECTION, style={"display": "none"}, children=[
        html.Section(className="imp-section", children=[
            _text("import.step.check", lang, html.H2),
            html.Div(id=ids.CHECK, className="imp-check"),
            html.Div(className="imp-actions", children=[
                html.Button(_text("import.rejected.download", lang), id=ids.REJECTED_BUTTON,
                            n_clicks=0, className="imp-button"),
                _text("import.rejected.privacy", lang, html.Span, className="imp-hint"),
            ]),
        ]),
        html.Section(className="imp-section", children=[
            _text("import.step.review", lang, html.H2),
            html.Div(id=ids.REVIEW, className="imp-review"),
            html.Div(className="imp-actions", children=[
                html.Button(_text("import.review.save", lang), id=ids.RESOLVE, n_clicks=0,
                            className="imp-button"),
            ]),
            html.Div(id=ids.RESOLVE_NOTE, className="imp-note", role="status"),
        ]),
        html.Section(className="imp-section", children=[
            _text("import.step.publish", lang, html.H2),
            _text("import.publish.intro", lang, html.P, className="imp-intro"),
            html.Div(className="imp-actions", children=[
                html.Button(_text("import.publish", lang), id=ids.PUBLISH, n_clicks=0,
                            className="imp-button imp-primary"),
                html.Button(_text("import.discard", lang), id=ids.DISCARD, n_clicks=0,
                            className="imp-button"),
            ]),
        ]),
    ])
    versions = html.Section(className="imp-section", children=[
        _text("import.versions", lang, html.H2),
        html.Div(id=ids.VERSIONS_NOTE, className="imp-note", role="status"),
        html.Div(id=ids.VERSIONS, className="imp-versions"),
    ])
    note = html.Div(id=ids.PUBLISH_NOTE, className="imp-note imp-publish-note", role="status")
    return html.Div(className="imp-app", lang=lang, children=stores + [
        header, html.Main([upload, result, note, versions], className="imp-main")])


def _drop(id_: str, title: str, prompt: str, hint: str, lang: str, *,
          multiple: bool) -> html.Div:
    return html.Div(className="imp-drop-box", children=[
        _text(title, lang, html.Div, className="imp-drop-title"),
        dcc.Upload(id=id_, multiple=multiple, className="imp-drop",
                   className_active="imp-drop-active", children=html.Div([
                       _text(prompt, lang, html.Div, className="imp-drop-text"),
                       _text(hint, lang, html.Div, className="imp-hint"),
                   ])),
    ])


def static_texts(keys: Sequence[str], lang: str) -> list[str]:
    """The texts of the elements with :func:`ids.text` ids, in ``lang``."""
    return [t(k, lang) for k in keys]


# --------------------------------------------------------------------------------------------
# step 1: the uploads
# --------------------------------------------------------------------------------------------

def file_table(entries: Sequence[tuple[str, dict[str, Any]]], *, lang: str,
               built: bool = False) -> html.Table | html.Details | html.P:
    """The uploads of an import: per file name, role, size, sniffed type, register layout and
    status (ready, or the bilingual reason it was refused), with a remove button.

    Parameters
    ----------
    entries
        ``(key, entry)`` pairs; ``entry`` as :meth:`layers.importer.ImportSession.inspect`
        gives it per file (or the check report's ``files``).
    built
        The files of the build being checked, folded under one line (status "built", no
        remove button: the raw files are gone).
    """
    if not entries:
        return html.P(t("import.files.none", lang), className="imp-hint")
    table = _files(entries, lang=lang, built=built)
    if not built:
        return table
    return html.Details(className="imp-built", children=[
        html.Summary(t("import.files.built", lang, n=len(entries))), table])


def _files(entries, *, lang: str, built: bool) -> html.Table:
    head = html.Thead(html.Tr([html.Th(t(k, lang), scope="col") for k in (
        "import.col.file", "import.col.role", "import.col.size", "import.col.type",
        "import.col.layout", "import.col.status")] + [html.Th("")]))
    rows = []
    for key, e in entries:
        refused = "galat" in e
        layout = (f"{_label(e, lang)} ({e['layout']})" if e.get("layout") else "–")
        status = (html.Td(t("import.refused", lang), className="imp-refused")
                  if refused else html.Td(t("import.built" if built else "import.ok", lang),
                                          className="imp-ok"))
        remove = html.Td("") if built else html.Td(html.Button(
            t("import.file.remove", lang), id=ids.remove(key), n_clicks=0,
            className="imp-link-button",
            title=f"{t('import.file.remove', lang)} {e.get('nama')}"))
        rows.append(html.Tr(className="imp-file-refused" if refused else "imp-file", children=[
            html.Td(str(e.get("nama") or ""), className="imp-file-name"),
            html.Td(t(f"import.role.{e.get('peran') or 'rumah_tangga'}", lang),
                    className="imp-nowrap"),
            html.Td(size_text(e.get("bytes"), lang), className="imp-num"),
            html.Td(str(e.get("jenis") or "–").upper() if e.get("jenis") else "–"),
            html.Td(layout, className="imp-nowrap"),
            status,
            remove,
        ]))
        if refused:                               # the reason, in both languages, full width
            rows.append(html.Tr(className="imp-file-refused imp-file-reason", children=[
                html.Td(bilingual(e["galat"], lang), colSpan=7, className="imp-refused")]))
    return html.Table([head, html.Tbody(rows)], className="imp-table")


def build_hint(s: dict[str, Any], period_ok: bool, *, lang: str, max_bytes: int) -> str:
    """Why the build button is disabled (``""`` when it is not), from
    :func:`dashboard.importing.service.summary`."""
    if not s["boundary"]:
        return t("import.need_boundary", lang)
    if not s["households"]:
        return t("import.need_households", lang)
    if s["refused"]:
        return t("import.fix_files", lang)
    if s["too_big"]:
        return t("import.too_big", lang, size=size_text(s["bytes"], lang),
                 limit=size_text(max_bytes, lang))
    if not period_ok:
        return t("import.period_bad", lang)
    return ""


def progress_view(state: dict[str, Any] | None, *, lang: str) -> list:
    """A job's progress: a bar, the step ``n of total`` with its label, the seconds spent; a
    failed job shows its bilingual reason."""
    if not state:
        return []
    step, total = int(state.get("step") or 0), int(state.get("total") or 0)
    key = state.get("key")
    label = STEPS[key][1 if lang == "en" else 0] if key in STEPS else t("import.starting", lang)
    seconds = angka(state.get("seconds") or 0, 1, lang=lang)
    if state.get("state") == "failed":
        return [html.Div(className="imp-failed", role="alert", children=[
            html.Strong(t("import.progress.failed", lang)), html.Br(),
            *bilingual(state.get("galat"), lang)])]
    bar = html.Progress(value=str(step if total else 0), max=str(total or 1),
                        className="imp-bar")
    if state.get("state") == "done":
        return [html.Div(className="imp-progress-box imp-progress-done", children=[
            html.Div(html.Strong(t("import.progress.done", lang, seconds=seconds))), bar])]
    text = (t("import.progress.step", lang, step=step, total=total, label=label)
            if total else label)
    return [html.Div(className="imp-progress-box", children=[
        html.Div([html.Strong(t("import.progress.running", lang)), " ",
                  html.Span(text, className="imp-progress-text"), " · ",
                  html.Span(t("import.progress.seconds", lang, seconds=seconds))]),
        bar, html.Div(t("import.progress.usable", lang), className="imp-hint")])]


# --------------------------------------------------------------------------------------------
# step 2: the check report
# --------------------------------------------------------------------------------------------

def check_panel(report: dict[str, Any], *, lang: str) -> list:
    """The build's summary: area and period, boundary file, per register the counts (rows
    read, duplicates, rejected, kept, match rate ...), kecamatan with no rows, indicators that
    cannot be computed and why, and the rejected rows (the first :data:`REJECTED_SHOWN`)."""
    wil = report.get("wilayah") or {}
    bw = report.get("batas_wilayah") or {}
    qa = bw.get("qa") or {}
    regs = report.get("registers") or []
    out: list = [
        html.P(className="imp-lead", children=[
            html.Strong(str(wil.get("nama") or "")), " · ",
            t("import.check.period", lang, period=report.get("periode") or "–")]),
        html.P(t("import.check.boundary", lang, file=bw.get("file") or "–",
                 desa=angka(bw.get("desa"), lang=lang), layout=bw.get("layout") or "–"),
               className="imp-boundary"),
        html.P(t("import.check.qa", lang, repaired=angka(qa.get("repaired"), lang=lang),
                 duplicates=angka(qa.get("duplicate_codes"), lang=lang),
                 overlaps=angka(qa.get("overlaps"), lang=lang),
                 gaps=angka(qa.get("gaps"), lang=lang)), className="imp-hint"),
        register_table(regs, lang=lang),
        register_files(regs, lang=lang),
        html.H3(t("import.empty_kec", lang)),
        empty_kecamatan(regs, lang=lang),
        *unavailable(report.get("indikator_tidak_tersedia") or [], lang=lang),
        *rejected(report.get("rejected") or {}, lang=lang),
    ]
    return out


def register_table(regs: Sequence[dict], *, lang: str) -> html.Table:
    """Registers as columns, the counts of :data:`REGISTER_ROWS` as rows."""
    head = html.Thead(html.Tr([html.Th("", scope="col")] + [
        html.Th(_label(r, lang), scope="col", className="imp-num") for r in regs]))
    rows = [html.Tr([html.Th(t(label, lang), scope="row")] + [
        html.Td(value_text(r.get(key), kind, lang), className="imp-num",
                **{"data-key": key, "data-register": str(r.get("register"))})
        for r in regs]) for key, label, kind in REGISTER_ROWS]
    return html.Table([head, html.Tbody(rows)], className="imp-table imp-summary")


def register_files(regs: Sequence[dict], *, lang: str) -> html.Details:
    """Rows read per file of each register (folded)."""
    n = sum(len(r.get("files") or []) for r in regs)
    items = [html.Li([html.Strong(_label(r, lang)), html.Ul([
        html.Li(f"{f.get('name')}: {angka(f.get('rows'), lang=lang)}")
        for f in r.get("files") or []], className="imp-small")]) for r in regs]
    return html.Details(className="imp-built", children=[
        html.Summary(t("import.row.files", lang, n=n)), html.Ul(items, className="imp-list")])


def empty_kecamatan(regs: Sequence[dict], *, lang: str) -> html.Div:
    """Per register the kecamatan of the boundary file without a single row."""
    items = []
    for r in regs:
        kec = r.get("kecamatan_tanpa_data") or []
        if kec:
            names = ", ".join(f"{k.get('nama') or k.get('kode')} ({k.get('kode')})" for k in kec)
            items.append(html.Li([html.Strong(_label(r, lang)), ": ", names]))
    if not items:
        return html.Div(html.P(t("import.empty_kec.none", lang), className="imp-hint"))
    return html.Div([html.Ul(items, className="imp-list"),
                     html.P(t("import.empty_kec.note", lang), className="imp-hint")])


def unavailable(indicators: Sequence[dict], *, lang: str) -> list:
    """Indicators that cannot be computed, grouped by register and reason."""
    title = html.H3(t("import.unavailable", lang, n=len(indicators)))
    if not indicators:
        return [title, html.P(t("import.unavailable.none", lang), className="imp-hint")]
    groups: dict[tuple[str, str], list[str]] = {}
    for ind in indicators:
        groups.setdefault((str(ind.get("register") or ""), _reason(ind, lang)), []).append(
            _label(ind, lang))
    items = [html.Li(className="imp-unavailable", children=[
        html.Div(reason, className="imp-reason"),
        html.Div(", ".join(names), className="imp-small")]) for (_, reason), names in
        groups.items()]
    return [title, html.Ul(items, className="imp-list")]


def rejected(rej: dict[str, Any], *, lang: str) -> list:
    """Rejected rows (file, row, column, reason, area as written: nothing personal); the
    download button of all of them follows in the page shell."""
    n = int(rej.get("jumlah") or 0)
    title = html.H3(t("import.rejected", lang, n=angka(n, lang=lang)))
    if n == 0:
        return [title, html.P(t("import.rejected.none", lang), className="imp-hint")]
    rows = (rej.get("baris") or [])[:REJECTED_SHOWN]
    cols = (("file", "import.col.file"), ("row", "import.col.row"),
            ("kolom", "import.col.column"), ("alasan", "import.col.reason"),
            ("kec", "level.kecamatan"), ("desa", "level.desa"))
    head = html.Thead(html.Tr([html.Th(t(k, lang), scope="col") for _, k in cols]))
    body = html.Tbody([html.Tr([
        html.Td(angka(r.get(c), lang=lang) if c == "row" else str(r.get(c) or ""),
                className="imp-num" if c == "row" else None) for c, _ in cols])
        for r in rows])
    shown = (html.P(t("import.rejected.first", lang, shown=len(rows)), className="imp-hint")
             if n > len(rows) else None)
    return [title, html.Table([head, body], className="imp-table imp-rejected"), shown]


# --------------------------------------------------------------------------------------------
# step 3: names to review
# --------------------------------------------------------------------------------------------

#: value of the "not in this area" choice (the mapping file writes it as ``-``)
NOT_IN_AREA = "-"


def review_panel(report: dict[str, Any], *, lang: str) -> list:
    """Every name to review with its candidates (same parent area, scores) as radio buttons
    plus "not in this area"; names that cannot be mapped by name are listed with the note."""
    entries = report.get("review") or []
    if not entries:
        return [html.P(t("import.review.none", lang), className="imp-ok imp-lead")]
    out: list = [html.P(t("import.review.intro", lang, n=len(entries),
                          mapping=angka(report.get("mapping") or 0, lang=lang)),
                        className="imp-intro")]
    for e in entries:
        out.append(review_card(e, lang=lang))
    return out


def review_card(e: dict[str, Any], *, lang: str) -> html.Fieldset:
    """One name to review."""
    order = ("provinsi", "kabupaten", "kecamatan", "desa")
    level = {"desa": "desa", "kec": "kecamatan", "kab": "kabupaten", "prov": "provinsi"}.get(
        e.get("tingkat"), "desa")
    up = order[order.index(level) - 1] if level != "provinsi" else None
    parent = (f"{e.get('induk_nama')} ({e.get('induk_kode')})" if e.get("induk_nama")
              else str(e.get("induk_kode") or "–"))
    if up:
        parent = f"{t(f'level.{up}', lang)} {parent}"
    regs = ", ".join(f"{k.upper()} {angka(v, lang=lang)}"
                     for k, v in (e.get("per_register") or {}).items() if k)
    method = t(f"import.review.method.{e.get('metode')}", lang) if e.get("metode") in (
        "ambiguous", "unmatched") else str(e.get("metode") or "")
    legend = html.Legend(className="imp-review-name", children=[
        html.Span(str(e.get("input_nama") or e.get("input_kode") or "–"),
                  className="imp-input-name"),
        html.Span(f" {t(f'level.{level}', lang).lower()} · "
                  f"{t('import.review.in', lang, parent=parent)}", className="imp-muted")])
    facts = html.Div(className="imp-small", children=[
        t("import.review.rows", lang, n=angka(e.get("jumlah_baris"), lang=lang)),
        f" ({regs})" if regs else "", " · ", method])
    if not e.get("dapat_dipetakan", True) or not e.get("input_nama"):
        notes = "; ".join(e.get("catatan") or []) or t("import.review.cannot", lang)
        return html.Fieldset([legend, facts, html.P(notes, className="imp-hint")],
                             className="imp-review-card imp-review-fixed")
    options = [{"label": t("import.review.candidate", lang, name=c["nama"], kode=c["kode"],
                           score=angka(c.get("skor"), 1, lang=lang)),
                "value": c["kode"]} for c in e.get("kandidat") or []]
    options.append({"label": t("import.review.not_in_area", lang), "value": NOT_IN_AREA})
    notes = [html.P("; ".join(e["catatan"]), className="imp-hint")] if e.get("catatan") else []
    return html.Fieldset(className="imp-review-card", children=[
        legend, facts, *notes,
        dcc.RadioItems(id=ids.choice(e["kunci"]), options=options, value=None,
                       className="imp-choices", labelClassName="imp-choice")])


def choices_from(values: Sequence[str | None], id_list: Sequence[dict],
                 entries: Sequence[dict]) -> list[tuple[str, str, str, str | None]]:
    """The ``(tingkat, induk_kode, input_nama, kode)`` decisions for
    :meth:`layers.importer.ImportSession.resolve` from the radio values of the review list
    (``kode`` ``None`` means "not in this area"); names left unchosen are skipped."""
    by_key = {e["kunci"]: e for e in entries}
    out = []
    for value, id_ in zip(values, id_list):
        entry = by_key.get((id_ or {}).get("kunci"))
        if entry is None or value in (None, ""):
            continue
        out.append((entry["tingkat"], entry["induk_kode"], entry["input_nama"],
                    None if value == NOT_IN_AREA else str(value)))
    return out


# --------------------------------------------------------------------------------------------
# step 4 and the versions
# --------------------------------------------------------------------------------------------

def published_note(version: str, *, lang: str) -> list:
    """Success after publishing or switching, with the link to the map."""
    return [html.Span(t("import.published", lang, version=version), className="imp-ok"), " ",
            html.A(t("import.open_map", lang), href="/" + ("#l=en" if lang == "en" else ""),
                   className="imp-button imp-primary imp-open-map")]


def note_view(info: dict[str, Any] | None, *, lang: str) -> list:
    """A note after publishing, discarding, switching or deleting (kept as data, drawn in the
    chosen language): ``{"key": <locale key>, "version": ...}`` or ``{"galat": <message>}``."""
    if not info:
        return []
    if info.get("galat"):
        return [html.Div(bilingual(info["galat"], lang), className="imp-refused")]
    if info.get("key") == "import.published":
        return published_note(str(info.get("version")), lang=lang)
    return [html.Span(t(info["key"], lang, **{k: v for k, v in info.items() if k != "key"}))]


def versions_table(versions: Sequence[dict[str, Any]], *, lang: str) -> html.Table | html.P:
    """Published versions (newest first): id, period, area, time and source of publication,
    households per register and match rate; switch / delete buttons on the others."""
    if not versions:
        return html.P(t("import.versions.none", lang), className="imp-hint")
    head = html.Thead(html.Tr([html.Th(t(k, lang), scope="col") for k in (
        "import.versions.col.version", "import.versions.col.period",
        "import.versions.col.area", "import.versions.col.published",
        "import.versions.col.source", "import.versions.col.households",
        "import.versions.col.match")] + [html.Th("")]))
    rows = []
    for v in versions:
        regs = v.get("registers") or []
        kept = html.Td([html.Div(f"{_label(r, lang)}: {angka(r.get('kept'), lang=lang)}")
                        for r in regs], className="imp-small")
        match = html.Td([html.Div(value_text(r.get("match_rate"), "share", lang))
                         for r in regs], className="imp-num imp-small")
        vid = str(v["id"])
        if v.get("current"):
            action = html.Td(html.Strong(t("import.versions.current", lang),
                                         className="imp-current"))
        else:
            action = html.Td(html.Div(className="imp-version-actions", children=[
                html.Button(t("import.versions.switch", lang), id=ids.switch(vid), n_clicks=0,
                            className="imp-button"),
                dcc.ConfirmDialogProvider(
                    html.Button(t("import.versions.delete", lang), className="imp-button"),
                    id=ids.delete(vid),
                    message=t("import.versions.confirm", lang, version=vid)),
            ]))
        source = str(v.get("sumber") or "")
        rows.append(html.Tr(className="imp-version" + (" imp-version-current"
                                                        if v.get("current") else ""),
                            **{"data-version": vid}, children=[
            html.Td(html.Strong(vid)),
            html.Td(str(v.get("periode") or "–")),
            html.Td(str((v.get("wilayah") or {}).get("nama") or "–")),
            html.Td(_when(v.get("dibuat"))),
            html.Td(t(f"import.source.{source}", lang) if source in ("import", "demo")
                    else source or "–"),
            kept, match, action]))
    return html.Table([head, html.Tbody(rows)], className="imp-table imp-versions-table")


def serving_text(store, lang: str) -> str:
    """What the map serves now: ``Kabupaten Contoh · Periode data 2026-10``."""
    meta = getattr(store, "meta", None) or {}
    name = str((meta.get("wilayah") or {}).get("nama") or "")
    period = meta.get("periode")
    sub = t("header.period", lang, period=period) if period else t("header.no_period", lang)
    return f"{name} · {sub}" if name else sub


def _when(stamp: str | None) -> str:
    """``2026-11-25T10:42:47Z`` -> ``2026-11-25 10:42 UTC``."""
    if not stamp:
        return "–"
    text = str(stamp).replace("T", " ").rstrip("Z")
    return f"{text[:16]} UTC"
