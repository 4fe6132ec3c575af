"""The search box of the map page and its list of hits (:mod:`dashboard.model.search`).

Names reach the page as text (children strings). Each hit is a link that keeps the URL hash
(``pd-nav``); Enter in the box opens the first hit (``assets/pd.js``). The query itself is
never put in the URL.
"""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids
from dashboard.i18n import t
from dashboard.model.search import SearchAnswer


def search_box(*, lang: str) -> html.Div:
    """The empty box (the label is for screen readers; the placeholder says what to type)."""
    return html.Div(className="pd-search", role="search", children=[
        html.Label(t("search.label", lang), htmlFor=ids.SEARCH, id=ids.text("search.label"),
                   className="pd-visually-hidden"),
        dcc.Input(id=ids.SEARCH, type="search", value="", debounce=0.25, autoComplete="off",
                  placeholder=t("search.placeholder", lang), className="pd-search-input",
                  spellCheck=False),
        html.Div(id=ids.SEARCH_RESULTS, className="pd-search-results", **{"aria-live": "polite"}),
    ])


def search_results(answer: SearchAnswer, *, lang: str) -> list:
    """The hits as links (name, level and code; where the area lies), or the message."""
    if answer.message:
        return [html.Div(answer.message, className="pd-search-message", role="status")]
    if not answer.hits:
        return []
    return [html.Ul(className="pd-search-list", **{"aria-label": t("search.results", lang)},
                    children=[html.Li(html.A(href=h.path, className="pd-nav pd-search-hit",
                                             children=[
        html.Span(h.label(lang), className="pd-search-name"),
        html.Span(h.where, className="pd-search-where")])) for h in answer.hits])]
