"""Step 1 of the import page: the uploads table, why the build button waits, a job's progress."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import html

from layers.fmt import angka
from layers.store import STEPS

from dashboard.i18n import t
from dashboard.pages.impor import ids
from dashboard.pages.impor.common import bilingual, entry_label, size_text

#: columns of the uploads table (locale keys), before the remove button's
FILE_COLUMNS = ("import.col.file", "import.col.role", "import.col.size", "import.col.type",
                "import.col.layout", "import.col.status")


def files_panel(state: dict[str, Any], *, lang: str, max_bytes: int) -> tuple:
    """The upload step's moving parts from
    :meth:`dashboard.model.impor.service.ImportService.files_state`: the files table (or "being
    built"), whether the build button is disabled, and the hint beside it."""
    if state["files"]:
        table = file_table(state["files"], lang=lang)
    elif state["running"]:
        table = html.P(t("import.files.building", lang), className="imp-hint")
    else:
        table = file_table(state["built"], lang=lang, built=True)
    hint = t("import.running", lang) if state["running"] else build_hint(
        state["summary"], state["period_ok"], lang=lang, max_bytes=max_bytes)
    return table, bool(hint), hint if state["files"] or state["running"] else ""


def file_table(entries: Sequence[tuple[str, dict[str, Any]]], *, lang: str,
               built: bool = False) -> html.Table | html.Details | html.P:
    """The uploads of an import: per file name, role, size, sniffed type, register layout and
    status (ready, or the bilingual reason it was refused), with a remove button.

    Parameters
    ----------
    entries
        ``(key, entry)`` pairs; ``entry`` as :meth:`layers.store.ImportSession.inspect`
        gives it per file (or the check report's ``files``).
    built
        The files of the build being checked, folded under one line (status "built", no
        remove button: the raw files are gone).
    """
    if not entries:
        return html.P(t("import.files.none", lang), className="imp-hint")
    head = html.Thead(html.Tr([html.Th(t(k, lang), scope="col") for k in FILE_COLUMNS]
                              + [html.Th("")]))
    rows = [row for key, e in entries for row in _file_rows(key, e, lang=lang, built=built)]
    table = html.Table([head, html.Tbody(rows)], className="imp-table")
    if not built:
        return table
    return html.Details(className="imp-built", children=[
        html.Summary(t("import.files.built", lang, n=len(entries))), table])


def _file_rows(key: str, e: dict[str, Any], *, lang: str, built: bool) -> list[html.Tr]:
    """The row of one upload, and below a refused one the reason, in both languages."""
    refused = "galat" in e
    layout = (f"{entry_label(e, lang)} ({e['layout']})" if e.get("layout") else "–")
    status = (html.Td(t("import.refused", lang), className="imp-refused")
              if refused else html.Td(t("import.built" if built else "import.ok", lang),
                                      className="imp-ok"))
    remove = html.Td("") if built else html.Td(html.Button(
        t("import.file.remove", lang), id=ids.remove(key), n_clicks=0,
        className="imp-link-button",
        title=f"{t('import.file.remove', lang)} {e.get('nama')}"))
    rows = [html.Tr(className="imp-file-refused" if refused else "imp-file", children=[
        html.Td(str(e.get("nama") or ""), className="imp-file-name"),
        html.Td(t(f"import.role.{e.get('peran') or 'rumah_tangga'}", lang),
                className="imp-nowrap"),
        html.Td(size_text(e.get("bytes"), lang), className="imp-num"),
        html.Td(str(e.get("jenis") or "–").upper() if e.get("jenis") else "–"),
        html.Td(layout, className="imp-nowrap"),
        status,
        remove,
    ])]
    if refused:                                   # the reason, in both languages, full width
        rows.append(html.Tr(className="imp-file-refused imp-file-reason", children=[
            html.Td(bilingual(e["galat"], lang), colSpan=7, className="imp-refused")]))
    return rows


def build_hint(s: dict[str, Any], period_ok: bool, *, lang: str, max_bytes: int) -> str:
    """Why the build button is disabled (``""`` when it is not), from
    :func:`dashboard.model.impor.uploads.summary`."""
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
