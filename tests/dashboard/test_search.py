"""The one search box: any desa, kecamatan or kabupaten by name or code, typos tolerated;
personal numbers refused."""

from __future__ import annotations

import pytest

from dashboard.model.search import search


def labels(answer):
    return [(h.level, h.kode, h.path) for h in answer.hits]


def test_a_desa_is_found_from_the_kabupaten_by_name(demo_dataset):
    # the map's table at kabupaten level lists kecamatan: the search box finds desa anyway
    answer = search(demo_dataset, "Bendo", lang="id")
    assert answer.message is None
    assert labels(answer)[0] == ("desa", "9901012003", "/desa/9901012003")
    assert answer.hits[0].where == "Banyuwangi, Kabupaten Contoh"
    assert answer.hits[0].label("id") == "Desa/Kelurahan Bendo · 99.01.01.2003"


@pytest.mark.parametrize("query", ["bendo", "BENDO", "Bendho", "Desa Bendo", "  bendo "])
def test_case_prefixes_and_typos_are_tolerated(demo_dataset, query):
    assert labels(search(demo_dataset, query, lang="id"))[0][1] == "9901012003"


def test_a_name_of_two_levels_gives_both_the_kecamatan_first(demo_dataset):
    hits = labels(search(demo_dataset, "Kebonmukti", lang="en"))
    assert hits[:2] == [("kecamatan", "990102", "/kec/990102"),
                        ("desa", "9901022010", "/desa/9901022010")]


def test_words_written_apart_share_one_key(demo_dataset):
    hits = search(demo_dataset, "Gunung Agung", lang="id").hits
    assert (hits[0].kode, hits[0].score) == ("9901012004", 100.0)
    assert all(h.score < 100 for h in hits[1:])


def test_codes_dotted_or_not_find_the_area_then_the_areas_under_it(demo_dataset):
    hits = labels(search(demo_dataset, "99.01.01", lang="id"))
    assert hits[0] == ("kecamatan", "990101", "/kec/990101")
    assert [h[1] for h in hits[1:]] == ["9901012001", "9901012002", "9901012003",
                                        "9901012004", "9901012005", "9901012006",
                                        "9901012007"]
    assert labels(search(demo_dataset, "9901", lang="id"))[0] == ("kabupaten", "9901",
                                                                  "/kab/9901")
    assert labels(search(demo_dataset, "9901012003", lang="id")) == [
        ("desa", "9901012003", "/desa/9901012003")]


@pytest.mark.parametrize("query", ["9901012001000001", "9901 0120 0100 0001",
                                   "99.01.01.2001.000001", "99010120010000011"])
def test_personal_numbers_are_refused_in_both_languages(demo_dataset, query):
    answer = search(demo_dataset, query, lang="id")
    assert answer.hits == ()
    assert answer.message.startswith("Itu tampak seperti nomor pribadi (NIK / No. KK)")
    en = search(demo_dataset, query, lang="en")
    assert en.message.startswith("That looks like a personal number (NIK / No. KK)")


def test_short_empty_and_unknown_queries(demo_dataset):
    assert search(demo_dataset, "", lang="id") == search(demo_dataset, None, lang="id")
    assert search(demo_dataset, "  ", lang="id").message is None
    assert search(demo_dataset, "ab", lang="en").message == "Type at least 3 letters."
    assert search(demo_dataset, "Qwzxv", lang="id").message == "Tidak ada wilayah yang cocok."
    assert search(demo_dataset, "Qwzxv", lang="id").hits == ()


def test_hits_are_capped_and_ordered_best_first(demo_dataset):
    hits = search(demo_dataset, "Sumber", lang="id", limit=5).hits
    assert len(hits) == 5
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(h.nama.upper().startswith("SUMBER") for h in hits)


def test_tiny_dataset_levels(tiny_dataset):
    assert labels(search(tiny_dataset, "Alfa", lang="id"))[0] == ("kecamatan", "990101",
                                                                  "/kec/990101")
    assert labels(search(tiny_dataset, "Kabupaten Uji", lang="id"))[0][:2] == ("kabupaten",
                                                                              "9901")
    assert labels(search(tiny_dataset, "Empat", lang="id")) == [
        ("desa", "9901022001", "/desa/9901022001")]
