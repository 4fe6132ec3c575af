"""URL paths <-> views."""

import pytest

from dashboard.views import (View, ancestors, child_level, level_of_code, parse_path,
                             units_below, view_path)

ROOT = View("kabupaten", "3316", "kecamatan")


@pytest.mark.parametrize("path, expected", [
    ("/", ROOT),
    ("", ROOT),
    ("/prov/33", View("provinsi", "33", "kabupaten")),
    ("/prov/33/desa", View("provinsi", "33", "desa")),
    ("/kab/3316", View("kabupaten", "3316", "kecamatan")),
    ("/kab/3316/desa", View("kabupaten", "3316", "desa")),
    ("/kec/331606", View("kecamatan", "331606", "desa")),
    ("/kec/331606/", View("kecamatan", "331606", "desa")),
    ("/desa/3316062002", View("kecamatan", "331606", "desa", selected="3316062002")),
])
def test_parse_path(path, expected):
    assert parse_path(path, root=ROOT) == expected


@pytest.mark.parametrize("path", [
    "/kab/33", "/kec/3316", "/desa/331606", "/kab/3316/kab", "/kab/3316/prov",
    "/kec/331606/kec", "/desa/3316062002/desa", "/kab/33x6", "/foo/3316", "/kab",
    "/kab/3316/kec/extra",
])
def test_parse_path_refuses(path):
    assert parse_path(path, root=ROOT) is None


@pytest.mark.parametrize("view", [
    View("provinsi", "33", "kabupaten"), View("provinsi", "33", "kecamatan"),
    View("kabupaten", "3316", "desa"), View("kecamatan", "331606", "desa"),
    View("kecamatan", "331606", "desa", selected="3316062002"),
])
def test_view_path_round_trip(view):
    assert parse_path(view_path(view), root=ROOT) == view


def test_national_view_path():
    assert view_path(View(None, "", "provinsi")) == "/"


def test_levels():
    assert child_level(None) == "provinsi"
    assert child_level("kecamatan") == "desa"
    with pytest.raises(ValueError):
        child_level("desa")
    assert units_below("kabupaten") == ("kecamatan", "desa")
    assert units_below(None) == ("provinsi", "kabupaten", "kecamatan", "desa")
    assert level_of_code("331606") == "kecamatan"
    assert level_of_code("3316062") is None
    assert ancestors("3316062002") == [("provinsi", "33"), ("kabupaten", "3316"),
                                      ("kecamatan", "331606"), ("desa", "3316062002")]
