"""The examples in the docstrings of the pure modules are true."""

import doctest

import pytest

import dashboard.classify
import dashboard.i18n
import dashboard.model
import dashboard.views


@pytest.mark.parametrize("module", [dashboard.views, dashboard.classify, dashboard.i18n,
                                    dashboard.model])
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0
