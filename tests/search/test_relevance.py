"""Relevance suite: residents' queries against a realistic catalogue, at the issue's target rates."""

import pytest

from wardportal.search.engine import WhooshBackend

from .corpus import DOCS, QUERIES


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    """One index of the corpus for the whole module."""
    backend = WhooshBackend(tmp_path_factory.mktemp("relevance") / "search-index")
    backend.rebuild(DOCS)
    yield backend
    backend.close()


def ranks(backend):
    """Return (query, expected, codes ranked) for every relevance query."""
    return [(q, code, [r.code for r in backend.search(1, q, limit=3).results]) for q, code in QUERIES]


def test_suite_is_large_enough():
    """The issue asks for at least 40 queries over a realistic catalogue."""
    assert len(QUERIES) >= 40 and len(DOCS) >= 40
    assert {code for _, code in QUERIES} <= {doc["code"] for doc in DOCS}


def test_expected_guide_first_for_90_percent_and_top3_for_97_percent(backend):
    """The relevance targets of the issue: ≥ 90 % first, ≥ 97 % in the top three."""
    results = ranks(backend)
    first = [q for q, code, codes in results if codes[:1] == [code]]
    top3 = [q for q, code, codes in results if code in codes]
    misses = [(q, code, codes) for q, code, codes in results if code not in codes]
    assert len(first) / len(results) >= 0.90, [(q, c, cs) for q, c, cs in results if cs[:1] != [c]]
    assert len(top3) / len(results) >= 0.97, misses


@pytest.mark.parametrize("query, first, after", [
    ("ket hon", "1.000894", "1.004837"),
    ("khai sinh", "1.001193", "1.004746"),
    ("khai tu", "1.000656", "1.005461"),
])
def test_title_that_is_the_query_ranks_above_longer_titles(backend, query, first, after):
    """"ket hon" → "Đăng ký kết hôn" before "Đăng ký lại kết hôn"."""
    codes = [r.code for r in backend.search(1, query).results]
    assert codes.index(first) < codes.index(after)


def test_code_finds_that_procedure_first(backend):
    """A national code puts its procedure first."""
    for doc in DOCS[:10]:
        assert backend.search(1, doc["code"]).results[0].code == doc["code"]


def test_title_match_ranks_above_body_match(backend):
    """A guide with the words in its title beats one that has them only in its body."""
    codes = [r.code for r in backend.search(1, "tinh trang hon nhan").results]
    # "Đăng ký kết hôn" lists the Giấy xác nhận tình trạng hôn nhân among its documents only.
    assert codes[0] == "1.004873" and "1.000894" in codes
