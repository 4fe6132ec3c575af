"""Classes, colours and ranks."""

import numpy as np
import pandas as pd
import pytest

from dashboard.model.classify import (JENKS_SAMPLE, SCHEMES, classify, palette, palette_name,
                                      rank_within)


def test_quantiles_on_known_values():
    c = classify([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], scheme="quantiles", k=5)
    assert c.bounds == pytest.approx((2.8, 4.6, 6.4, 8.2, 10.0))
    assert c.index.tolist() == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert c.counts == (2, 2, 2, 2, 2)
    assert c.minimum == 1.0


def test_equal_interval_and_missing_values():
    c = classify([0, 10, None, 20, float("nan"), pd.NA, 40, 5], scheme="equal_interval", k=4)
    assert c.bounds == (10.0, 20.0, 30.0, 40.0)
    assert c.index.tolist() == [0, 0, -1, 1, -1, -1, 3, 0]
    assert c.counts == (3, 1, 0, 1)


def test_zero_is_a_class_missing_is_not():
    c = classify([0, 0, 5, None], scheme="quantiles", k=3)
    assert c.index.tolist() == [0, 0, 1, -1]


def test_natural_breaks_separates_clusters():
    values = [1, 2, 3, 50, 51, 52, 200, 201]
    c = classify(values, scheme="natural_breaks", k=3)
    assert c.bounds == (3.0, 52.0, 201.0)
    assert c.index.tolist() == [0, 0, 0, 1, 1, 1, 2, 2]


def test_natural_breaks_large_input_is_deterministic_and_covers_max():
    rng = np.random.default_rng(1)
    y = np.concatenate([rng.normal(10, 1, 3000), rng.normal(100, 5, 3000),
                        rng.normal(500, 5, 1000)])
    assert len(y) > JENKS_SAMPLE
    a = classify(y, scheme="natural_breaks", k=3)
    b = classify(y, scheme="natural_breaks", k=3)
    assert a.bounds == b.bounds
    assert a.bounds[-1] == float(y.max())
    assert a.counts == (3000, 3000, 1000)


def test_fewer_distinct_values_than_classes_gives_one_class_per_value():
    c = classify([0, 10, 20, 40], scheme="equal_interval", k=4)
    assert c.bounds == (0.0, 10.0, 20.0, 40.0)


def test_fewer_distinct_values_than_classes():
    c = classify([5, 5, 7, 7], scheme="quantiles", k=5)
    assert c.bounds == (5.0, 7.0)
    assert c.k == 2


def test_all_missing():
    c = classify([None, None], scheme="quantiles", k=5)
    assert c.bounds == () and c.index.tolist() == [-1, -1] and c.minimum is None


@pytest.mark.parametrize("scheme, k", [("jenks", 5), ("quantiles", 2), ("quantiles", 8)])
def test_bad_options_are_refused(scheme, k):
    with pytest.raises(ValueError):
        classify([1, 2, 3], scheme=scheme, k=k)


def test_every_scheme_runs():
    for scheme in SCHEMES:
        assert classify(list(range(20)), scheme=scheme, k=4).k == 4


def test_palettes_fit_the_indicator():
    assert palette(5, kind="count", name="kk_terdaftar") == [
        "#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"]
    assert palette_name(kind="rate", name="persen_pkh") == "YlGnBu"
    assert palette_name(kind="change", name="selisih_kk") == "PuOr"
    assert palette_name(kind="score", name="idm_nilai") == "YlGnBu"
    assert palette(3, kind="change", name="x")[1] == "#f7f7f7"
    assert len(palette(7, kind="rate", name="persen_inklusi")) == 7
    assert palette(1, kind="count") == ["#fd8d3c"]


def test_rank_within_parent():
    r = rank_within([5, 9, None, 9, 1, 3], ["a", "a", "a", "b", "b", "b"])
    assert r.tolist() == [2, 1, pd.NA, 1, 3, 2]
    ties = rank_within([7, 7, 3], ["a", "a", "a"])
    assert ties.tolist() == [1, 1, 3]


def test_natural_breaks_are_the_rankings_implementation():
    from layers.ranking.breaks import natural_breaks

    values = [0, 0, 3, 4, 5, 11, 12, 30, 31, 60]
    assert classify(values, scheme="natural_breaks", k=4).bounds == tuple(
        natural_breaks(values, k=4))
