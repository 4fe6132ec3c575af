"""What the page's shell says about the dataset served: the indicator menu, the title with the
data period, the sources in the footer."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.dataset import IndicatorInfo, LoadedDataset
from dashboard.i18n import t


def indicator_options(indicators: list[IndicatorInfo], *, lang: str,
                      register_labels: dict[str, str]) -> list[dict]:
    """Dropdown options; unavailable indicators are listed disabled with the reason."""
    several = len({i.register for i in indicators if i.register}) > 1
    out = []
    for ind in indicators:
        label = ind.label(lang)
        if several and ind.register:
            label = f"{register_labels.get(ind.register, ind.register)} · {label}"
        if not ind.tersedia:
            label = f"{label} — {t('control.unavailable', lang)}"
        out.append({"label": label, "value": ind.kolom, "disabled": not ind.tersedia,
                    "title": ind.method(lang) if ind.tersedia else (ind.reason(lang) or "")})
    return out


def indicator_menu(dataset: LoadedDataset, lang: str) -> list[dict]:
    """The indicator menu of a dataset (labels with their register when it has several)."""
    labels = {r.get("register"): dataset.register_label(r.get("register"), lang)
              for r in dataset.registers()}
    return indicator_options(dataset.indicators, lang=lang, register_labels=labels)


@dataclass(frozen=True)
class DatasetText:
    """The dataset's title, the line under it, and the footer's items, in one language."""

    title: str
    subtitle: str
    footer: list[str]


def dataset_text(dataset: LoadedDataset, lang: str) -> DatasetText:
    """The area's name and data period; the registers and boundary file the data comes from,
    and the privacy note."""
    meta = dataset.meta
    period = meta.get("periode")
    sub = t("header.period", lang, period=period) if period else t("header.no_period", lang)
    regs = ", ".join(dataset.register_label(r.get("register"), lang)
                     for r in dataset.registers())
    batas = (meta.get("batas_wilayah") or {}).get("file")
    parts = [t("footer.sources", lang, registers=regs or "–")]
    if batas:
        parts.append(t("footer.boundaries", lang, file=batas))
    parts.append(t("footer.privacy", lang))
    return DatasetText(title=str((meta.get("wilayah") or {}).get("nama") or "Indonesia"),
                       subtitle=sub, footer=parts)
