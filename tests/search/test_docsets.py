"""Bitmaps of documents, the schema version check, and ranking when a stage matches too many guides."""

import pytest

from wardportal.search.docsets import at_least, docnums
from wardportal.search.engine import WhooshBackend
from wardportal.search.index_store import SCHEMA_VERSION

from .corpus import BY_CODE, DOCS


def test_docnums_lists_the_set_bits_in_order():
    """Bit n set means document n; a limit keeps the lowest ones."""
    bitmap = (1 << 0) | (1 << 5) | (1 << 700)
    assert docnums(bitmap) == [0, 5, 700]
    assert docnums(bitmap, limit=2) == [0, 5]
    assert docnums(0) == []


def test_at_least_counts_in_how_many_sets_a_document_is():
    """counts[k] holds the documents found in k or more of the sets."""
    a, b, c = 0b0111, 0b0110, 0b1100
    counts = at_least([a, b, c])
    assert counts[1] & 0b1111 == 0b1111
    assert counts[2] == 0b0110 | 0b0100
    assert counts[3] == 0b0100


def test_bitmaps_follow_deletions_and_new_segments(tmp_path):
    """A deleted guide leaves the term's documents; an added one joins them (several segments)."""
    backend = WhooshBackend(tmp_path / "ix", docs_loader=lambda: DOCS)
    backend.ensure()
    assert backend.search(1, "di chuc").results[0].code == "2.001016"
    backend.delete(1, "2.001016")
    assert "2.001016" not in [r.code for r in backend.search(1, "di chuc").results]
    backend.upsert({**BY_CODE["2.001016"], "ward_id": 3})
    assert [r.code for r in backend.search(3, "di chuc").results] == ["2.001016"]
    assert backend.search(None, "di chuc").results[0].ward_id == "3"
    backend.close()


def test_index_of_another_schema_version_is_rebuilt(tmp_path):
    """An index without this code's schema version (an older install) counts as needing a rebuild."""
    backend = WhooshBackend(tmp_path / "ix", docs_loader=lambda: DOCS)
    backend.ensure()
    version_file = tmp_path / "ix" / "SCHEMA_VERSION"
    assert version_file.read_text().strip() == str(SCHEMA_VERSION) and not backend.needs_rebuild()
    version_file.write_text("1\n")
    assert backend.needs_rebuild() is True
    assert backend.ensure() is True and backend.needs_rebuild() is False
    version_file.unlink()
    assert backend.needs_rebuild() is True
    backend.close()


@pytest.fixture(scope="module")
def many_wards(tmp_path_factory):
    """The corpus copied into 30 wards: a province-wide search matches far more guides than it ranks."""
    docs = [{**doc, "ward_id": ward, "procedure_id": ward * 1000 + n}
            for ward in range(1, 31) for n, doc in enumerate(DOCS)]
    backend = WhooshBackend(tmp_path_factory.mktemp("wards") / "ix")
    backend.rebuild(docs)
    yield backend
    backend.close()


@pytest.mark.parametrize("query, code", [("ket hon", "1.000894"), ("khai sinh", "1.001193"),
                                         ("khai tu", "1.000656")])
def test_province_wide_search_ranks_the_best_titles(many_wards, query, code):
    """With far more matches than are ranked one by one, the first page is still the exact titles."""
    page = many_wards.search(None, query, limit=30)
    assert page.total > 40
    assert [r.code for r in page.results] == [code] * 30


def test_province_wide_total_counts_every_match(many_wards):
    """The total is exact: one "Đăng ký kết hôn"-family match per ward and guide."""
    one_ward = many_wards.search(1, "ket hon", limit=50).total
    assert many_wards.search(None, "ket hon").total == 30 * one_ward


def test_cache_forgets_segments_merged_away(tmp_path):
    """Cached bitmaps of segments a rebuild replaced are dropped, so memory does not grow with edits."""
    from wardportal.search import docsets

    backend = WhooshBackend(tmp_path / "ix", docs_loader=lambda: DOCS)
    backend.ensure()
    backend.search(1, "ket hon")

    def cached_segments():
        return {key[1] for key in docsets._segment_cache if key[0] == str(backend.index_dir)}

    before = cached_segments()
    backend.rebuild(DOCS)
    backend.search(1, "ket hon")
    assert before and cached_segments() and not before & cached_segments()
    backend.close()


def test_sliced_scores_match_plain_arithmetic():
    """Bit-sliced sums, best score, threshold and top-k agree with adding the numbers one document at a time."""
    import random

    from wardportal.search.docsets import SlicedScores, docnums

    rng = random.Random(3)
    for _ in range(50):
        size = rng.randint(1, 300)
        scores, plain = SlicedScores(), [0] * size
        for _ in range(rng.randint(1, 8)):
            masks = [0, 0, 0]
            for doc in range(size):
                part = rng.randrange(4)
                if part < 3:
                    masks[part] |= 1 << doc
            values = [rng.randint(0, 700) for _ in masks]
            scores.add(list(zip(masks, values)))
            for mask, value in zip(masks, values):
                for doc in docnums(mask):
                    plain[doc] += value
        within = rng.getrandbits(size)
        inside = [doc for doc in range(size) if within >> doc & 1]
        assert scores.best(within) == max((plain[d] for d in inside), default=0)
        threshold = rng.randint(0, 3000)
        assert docnums(scores.at_least(threshold, within)) == [d for d in inside if plain[d] >= threshold]
        k = rng.randint(1, 40)
        sure, tied = scores.top(within, k)
        ranked = sorted((plain[d] for d in inside), reverse=True)
        if len(inside) <= k:
            assert docnums(sure) == inside and tied == 0
            continue
        cut = ranked[k - 1]
        assert docnums(sure) == [d for d in inside if plain[d] > cut] or (
            tied == 0 and docnums(sure) == [d for d in inside if plain[d] >= cut])
        assert all(plain[d] == cut for d in docnums(tied))
        assert sure.bit_count() + tied.bit_count() >= k
