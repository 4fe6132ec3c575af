"""Locale files and number formats."""

import re
from pathlib import Path

import pytest

from dashboard.components.shell import DROPDOWN_LABELS, dropdown_labels
from dashboard.i18n import LANGS, labels, number, t

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"


def test_both_locales_have_the_same_keys():
    assert set(labels("id")) == set(labels("en"))


def test_both_locales_have_the_same_placeholders():
    for key in labels("id"):
        fields = [set(re.findall(r"{(\w+)}", labels(lang)[key])) for lang in LANGS]
        assert fields[0] == fields[1], key


def test_no_empty_label():
    for lang in LANGS:
        assert all(v.strip() for v in labels(lang).values()), lang


def _keys_in_code() -> set[str]:
    keys = set()
    for path in DASHBOARD.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r"""\bt\(\s*["']([a-z_.]+)["']""", text))
        keys |= set(re.findall(r"""ids\.text\(\s*["']([a-z_.]+)["']""", text))
    return keys


def test_every_key_used_in_code_exists():
    keys = _keys_in_code()
    assert len(keys) > 40
    missing = sorted(k for k in keys if k not in labels("id"))
    assert missing == []


def test_keys_built_at_run_time_exist():
    for lang in LANGS:
        for level in ("provinsi", "kabupaten", "kecamatan", "desa"):
            assert t(f"level.{level}", lang)
            assert t(f"hover.open.{level}", lang)
        for scheme in ("quantiles", "natural_breaks", "equal_interval"):
            assert t(f"scheme.{scheme}", lang)
        for c in ("kk_terdaftar", "kk_desil_1", "kk_pkh", "kk_bpnt", "kk_pbi"):
            assert t(f"profile.sub.{c}", lang)
        for jenis in ("desa", "kelurahan", "desa_adat"):
            assert t(f"jenis.{jenis}", lang)
        labels_ = dropdown_labels(lang)
        assert set(labels_) == set(DROPDOWN_LABELS) | {"selected_count"}
        assert "{num_selected}" in labels_["selected_count"]


def test_translation_with_values():
    assert t("table.pager", "id", first="1", last="12", total="1.200") == "1–12 dari 1.200"
    assert t("table.pager", "en", first="1", last="12", total="1,200") == "1–12 of 1,200"
    assert t("app.title", "xx") == "Prioritas Desa"  # unknown language: the default


@pytest.mark.parametrize("value, kind, lang, unit, expected", [
    (1234, "count", "id", None, "1.234"),
    (1234, "count", "en", None, "1,234"),
    (1234.56, "rate", "id", None, "1.234,6%"),
    (12.345, "rate", "en", None, "12.3%"),
    (0, "count", "id", None, "0"),
    (None, "count", "id", None, "–"),
    (float("nan"), "rate", "id", None, "–"),
    (45.04, "density", "id", "KK/km²", "45,0 KK/km²"),
])
def test_number(value, kind, lang, unit, expected):
    assert number(value, kind=kind, lang=lang, unit=unit) == expected
