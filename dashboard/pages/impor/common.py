"""Small formatters of the import page: sizes, summary values, bilingual messages, labels."""

from __future__ import annotations

from dash import html

from layers.fmt import angka, persen
from layers.indicators import REGISTER_LABEL

from dashboard.i18n import t
from dashboard.pages.impor import ids


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


def entry_label(entry: dict, lang: str) -> str:
    """The entry's own label in ``lang``, else its register's label, else the register."""
    own = entry.get(f"label_{'en' if lang == 'en' else 'id'}")
    if own:
        return str(own)
    reg = str(entry.get("register") or "")
    known = REGISTER_LABEL.get(reg)
    return known[1 if lang == "en" else 0] if known else reg


def reason_text(entry: dict, lang: str) -> str:
    """The entry's reason (``alasan_id`` / ``alasan_en``) in ``lang``."""
    return str(entry.get("alasan_en" if lang == "en" else "alasan_id") or "")


def locale_text(key: str, lang: str, tag=html.Span, **kw):
    """An element whose text is a locale label, switched with the language."""
    return tag(t(key, lang), id=ids.text(key), **kw)
