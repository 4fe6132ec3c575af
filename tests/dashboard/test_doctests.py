"""The examples in the docstrings of the pure modules are true."""

import doctest
import importlib

import pytest

MODULES = ["dashboard.views", "dashboard.model.classify", "dashboard.i18n",
           "dashboard.model.choropleth", "dashboard.model.legend", "dashboard.model.reasons",
           "dashboard.model.table"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
