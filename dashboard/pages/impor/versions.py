"""Step 4 of the import page and the versions: notes after publishing, the versions table, what
the map serves now."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import dcc, html

from layers.fmt import angka

from dashboard.i18n import t
from dashboard.pages.impor import ids
from dashboard.pages.impor.common import bilingual, entry_label, value_text
from dashboard.settings import local_time

#: columns of the versions table (locale keys), before the actions'
VERSION_COLUMNS = ("import.versions.col.version", "import.versions.col.period",
                   "import.versions.col.area", "import.versions.col.published",
                   "import.versions.col.source", "import.versions.col.households",
                   "import.versions.col.match")


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


def versions_table(versions: Sequence[dict[str, Any]], *, lang: str,
                   zone: str = "WIB") -> html.Table | html.P:
    """Published versions (newest first): id, period, area, time and source of publication,
    households per register and match rate; switch / delete buttons on the others."""
    if not versions:
        return html.P(t("import.versions.none", lang), className="imp-hint")
    head = html.Thead(html.Tr([html.Th(t(k, lang), scope="col") for k in VERSION_COLUMNS]
                              + [html.Th("")]))
    rows = [_version_row(v, lang=lang, zone=zone) for v in versions]
    return html.Table([head, html.Tbody(rows)], className="imp-table imp-versions-table")


def _version_row(v: dict[str, Any], *, lang: str, zone: str) -> html.Tr:
    """One version: its facts, households and match rate per register, and its actions."""
    regs = v.get("registers") or []
    kept = html.Td([html.Div(f"{entry_label(r, lang)}: {angka(r.get('kept'), lang=lang)}")
                    for r in regs], className="imp-small")
    match = html.Td([html.Div(value_text(r.get("match_rate"), "share", lang))
                     for r in regs], className="imp-num imp-small")
    vid = str(v["id"])
    source = str(v.get("sumber") or "")
    return html.Tr(className="imp-version" + (" imp-version-current"
                                              if v.get("current") else ""),
                   **{"data-version": vid}, children=[
        html.Td(html.Strong(vid)),
        html.Td(str(v.get("periode") or "–")),
        html.Td(str((v.get("wilayah") or {}).get("nama") or "–")),
        html.Td(local_time(v.get("dibuat"), zone)),
        html.Td(t(f"import.source.{source}", lang) if source in ("import", "demo")
                else source or "–"),
        kept, match, _version_actions(vid, current=bool(v.get("current")), lang=lang)])


def _version_actions(vid: str, *, current: bool, lang: str) -> html.Td:
    """"Served" on the current version; switch and (confirmed) delete on the others."""
    if current:
        return html.Td(html.Strong(t("import.versions.current", lang), className="imp-current"))
    return html.Td(html.Div(className="imp-version-actions", children=[
        html.Button(t("import.versions.switch", lang), id=ids.switch(vid), n_clicks=0,
                    className="imp-button"),
        dcc.ConfirmDialogProvider(
            html.Button(t("import.versions.delete", lang), className="imp-button"),
            id=ids.delete(vid),
            message=t("import.versions.confirm", lang, version=vid)),
    ]))


def serving_text(store, lang: str) -> str:
    """What the map serves now: ``Kabupaten Contoh · Periode data 2026-10``."""
    meta = getattr(store, "meta", None) or {}
    name = str((meta.get("wilayah") or {}).get("nama") or "")
    period = meta.get("periode")
    sub = t("header.period", lang, period=period) if period else t("header.no_period", lang)
    return f"{name} · {sub}" if name else sub
