"""Step 3 of the import page: the names to review, each with its candidates as radio buttons."""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from layers.fmt import angka

from dashboard.i18n import t
from dashboard.model.impor.review import NOT_IN_AREA
from dashboard.pages.impor import ids
from dashboard.views import LEVEL_OF_SLUG, LEVELS


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
    """One name to review: the name, its level and parent area, its rows; the candidates as
    radio buttons, or only the notes when it cannot be mapped by name."""
    level = LEVEL_OF_SLUG.get(e.get("tingkat"), "desa")
    legend = html.Legend(className="imp-review-name", children=[
        html.Span(str(e.get("input_nama") or e.get("input_kode") or "–"),
                  className="imp-input-name"),
        html.Span(f" {t(f'level.{level}', lang).lower()} · "
                  f"{t('import.review.in', lang, parent=_parent(e, level, lang))}",
                  className="imp-muted")])
    facts = _facts(e, lang)
    if not e.get("dapat_dipetakan", True) or not e.get("input_nama"):
        notes = "; ".join(e.get("catatan") or []) or t("import.review.cannot", lang)
        return html.Fieldset([legend, facts, html.P(notes, className="imp-hint")],
                             className="imp-review-card imp-review-fixed")
    notes = [html.P("; ".join(e["catatan"]), className="imp-hint")] if e.get("catatan") else []
    return html.Fieldset(className="imp-review-card", children=[
        legend, facts, *notes,
        dcc.RadioItems(id=ids.choice(e["kunci"]), options=_options(e, lang), value=None,
                       className="imp-choices", labelClassName="imp-choice")])


def _parent(e: dict[str, Any], level: str, lang: str) -> str:
    """The parent area of a name: ``Kecamatan Ngumbul (990106)``."""
    up = LEVELS[LEVELS.index(level) - 1] if level != "provinsi" else None
    parent = (f"{e.get('induk_nama')} ({e.get('induk_kode')})" if e.get("induk_nama")
              else str(e.get("induk_kode") or "–"))
    return f"{t(f'level.{up}', lang)} {parent}" if up else parent


def _facts(e: dict[str, Any], lang: str) -> html.Div:
    """Rows of a name (per register) and how it was matched."""
    regs = ", ".join(f"{k.upper()} {angka(v, lang=lang)}"
                     for k, v in (e.get("per_register") or {}).items() if k)
    method = t(f"import.review.method.{e.get('metode')}", lang) if e.get("metode") in (
        "ambiguous", "unmatched") else str(e.get("metode") or "")
    return html.Div(className="imp-small", children=[
        t("import.review.rows", lang, n=angka(e.get("jumlah_baris"), lang=lang)),
        f" ({regs})" if regs else "", " · ", method])


def _options(e: dict[str, Any], lang: str) -> list[dict[str, str]]:
    """The candidates of a name (name, code, score) and "not in this area"."""
    options = [{"label": t("import.review.candidate", lang, name=c["nama"], kode=c["kode"],
                           score=angka(c.get("skor"), 1, lang=lang)),
                "value": c["kode"]} for c in e.get("kandidat") or []]
    options.append({"label": t("import.review.not_in_area", lang), "value": NOT_IN_AREA})
    return options
