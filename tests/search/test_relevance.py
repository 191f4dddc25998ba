"""Relevance suite: residents' queries against a realistic catalogue, at the issue's target rates."""

import pytest

from wardportal.search.engine import WhooshBackend

from .corpus import DOCS, QUERIES
from .heldout_queries import HELD_OUT, HELD_OUT_SENTENCES, HELD_OUT_SHORT
from .heldout_queries_2 import HELD_OUT_2_SENTENCES, HELD_OUT_2_SHORT
from .heldout_queries_3 import HELD_OUT_3_SENTENCES, HELD_OUT_3_SHORT
from .heldout_queries_4 import HELD_OUT_4, HELD_OUT_4_SENTENCES, HELD_OUT_4_SHORT
from .sentence_queries import SENTENCES


# Held-out set 1's sentences, never read while tuning; the floor guards against regressions (measured
# 75 % / 89 % when first run, 93 % / 96 % on 2026-12-01): (first, top three).
HELD_OUT_SENTENCE_FLOOR = (0.85, 0.92)


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    """One index of the corpus for the whole module."""
    backend = WhooshBackend(tmp_path_factory.mktemp("relevance") / "search-index")
    backend.rebuild(DOCS)
    yield backend
    backend.close()


def ranks(backend, queries=QUERIES):
    """Return (query, expected, codes ranked) for every query of `queries`."""
    return [(q, code, [r.code for r in backend.search(1, q, limit=3).results]) for q, code in queries]


def rates(results) -> tuple[float, float]:
    """Share of results with the expected guide first, and in the top three."""
    first = sum(codes[:1] == [code] for _, code, codes in results)
    top3 = sum(code in codes for _, code, codes in results)
    return first / len(results), top3 / len(results)


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


def test_sentence_queries_find_the_guide_first_85_and_top3_97_percent(backend):
    """Whole sentences without diacritics: extra words lower a guide's score but never hide the right one."""
    results = ranks(backend, SENTENCES)
    first, top3 = rates(results)
    assert len(SENTENCES) >= 40
    assert first >= 0.85, [(q, c, cs) for q, c, cs in results if cs[:1] != [c]]
    assert top3 >= 0.97, [(q, c, cs) for q, c, cs in results if c not in cs]


@pytest.mark.parametrize("sentences, short", [(HELD_OUT_2_SENTENCES, HELD_OUT_2_SHORT),
                                              (HELD_OUT_3_SENTENCES, HELD_OUT_3_SHORT)], ids=["set2", "set3"])
def test_opened_held_out_sets_meet_the_targets(backend, sentences, short):
    """Held-out sets 2 and 3, opened for development after their runs: the issue's targets hold on them.

    Sentences ≥ 85 % first and ≥ 97 % in the top three; short queries ≥ 90 % / ≥ 97 %.
    """
    for queries, targets in ((sentences, (0.85, 0.97)), (short, (0.90, 0.97))):
        results = ranks(backend, queries)
        first, top3 = rates(results)
        assert first >= targets[0] and top3 >= targets[1], [(q, c, cs) for q, c, cs in results if cs[:1] != [c]]


def test_held_out_set_4_is_large_and_independent_of_the_others():
    """The current held-out set: at least 60 queries, a third sentences, every guide; few queries shared.

    Independent writers meet on the commonest short queries ("khai sinh", "dang ky tam tru"): 22 of 172.
    """
    assert len(HELD_OUT_4) >= 60 and len(HELD_OUT_4_SENTENCES) * 3 >= len(HELD_OUT_4)
    assert {code for _, code in HELD_OUT_4} == {doc["code"] for doc in DOCS}
    others = {q for q, _ in QUERIES + SENTENCES + HELD_OUT + HELD_OUT_2_SENTENCES + HELD_OUT_2_SHORT
              + HELD_OUT_3_SENTENCES + HELD_OUT_3_SHORT}
    assert len(others & {q for q, _ in HELD_OUT_4}) <= 0.15 * len(HELD_OUT_4)


def test_held_out_set_4_meets_the_targets(backend):
    """Held-out set 4, never read while tuning: sentences ≥ 85 % first and ≥ 97 % in the top three,
    short queries ≥ 90 % / ≥ 97 % (first run, 2026-12-01: 92.5 % / 99.2 % and 92.3 % / 100 %)."""
    for queries, targets in ((HELD_OUT_4_SENTENCES, (0.85, 0.97)), (HELD_OUT_4_SHORT, (0.90, 0.97))):
        first, top3 = rates(ranks(backend, queries))
        assert first >= targets[0] and top3 >= targets[1], (len(queries), first, top3)


def test_held_out_set_is_large_enough_and_a_third_sentences():
    """The held-out set: at least 60 queries, a third of them whole sentences, every code in the corpus."""
    assert len(HELD_OUT) >= 60 and len(HELD_OUT_SENTENCES) * 3 >= len(HELD_OUT)
    assert {code for _, code in HELD_OUT} <= {doc["code"] for doc in DOCS}


def test_held_out_short_queries_meet_the_targets(backend):
    """Held-out short queries (never tuned against): ≥ 90 % first, ≥ 97 % in the top three."""
    results = ranks(backend, HELD_OUT_SHORT)
    first, top3 = rates(results)
    assert first >= 0.90, [(q, c, cs) for q, c, cs in results if cs[:1] != [c]]
    assert top3 >= 0.97, [(q, c, cs) for q, c, cs in results if c not in cs]


def test_held_out_sentences_do_not_regress(backend):
    """Held-out sentences (never tuned against): the floor measured when the set was first run.

    Below the sentence targets (85 % / 97 %): see the bench's table. This guards against regressions;
    raise the floor when general ranking improves, never by tuning synonyms to these queries.
    """
    first, top3 = rates(ranks(backend, HELD_OUT_SENTENCES))
    assert first >= HELD_OUT_SENTENCE_FLOOR[0] and top3 >= HELD_OUT_SENTENCE_FLOOR[1], (first, top3)


def test_extra_words_never_remove_the_guide(backend):
    """Words no guide contains lower the score; the guide found without them is still found."""
    for plain, extra in [("khai sinh", "khai sinh cho chau noi ngoai thanh pho"),
                         ("ket hon", "thu tuc ket hon can nhung giay to gi"),
                         ("tam tru", "sinh vien o tro can tam tru khong")]:
        expected = backend.search(1, plain, limit=1).results[0].code
        assert expected in [r.code for r in backend.search(1, extra, limit=3).results]


@pytest.mark.parametrize("query, expected", [
    # the reason after "để" is not what is asked
    ("xin giay xac nhan doc than de di xuat khau lao dong", "1.004873"),
    # the paper named after "chứng thực bản sao" is what is copied
    ("xin chung thuc ban sao so do de vay ngan hang", "2.000815"),
    # a whole question, longer than 16 words, is read to its end
    ("cho em hoi con em sinh duoc 2 thang roi gio moi di lam giay khai sinh co bi phat khong", "1.001193"),
    # an age of 60 or more is what the elderly allowances are named by
    ("bo toi 85 tuoi co duoc tro cap khong", "1.001776"),
    # "[scene] thì [question]": living in rented rooms is the scene, the birth is asked
    ("xin hoi vo chong toi o tro tai ha noi thi khai sinh cho con o dau duoc", "1.001193"),
    # a cue ending inside a synonym ("đang ở" + "ở trọ")
    ("co the khai sinh cho con o phuong dang o tro khong", "1.001193"),
    # "di" of "di chúc" folds like the filler "đi"; counts ("2 tầng") name nothing
    ("ong toi muon lam di chuc", "2.001016"),
    ("nha 2 tang muon nang them 1 tang co can giay phep", "1.009995"),
])
def test_how_a_question_is_read(backend, query, expected):
    """Circumstances, the paper to copy, long questions and ages are read as a desk officer would."""
    assert backend.search(1, query, limit=1).results[0].code == expected


def test_real_words_of_a_sentence_are_not_taken_for_typos(backend):
    """"cháy" is a word no guide uses, not a typo of "thay"/"chấm": it must not pull in other guides."""
    from wardportal.search.query import plan_query

    plan = plan_query("giay khai sinh cua toi bi chay het ", backend._vocabulary(backend._searcher()), {})
    assert "chay" in plan.unknown
    assert not any("thay" in expansion for c in plan.concepts for alt in c.alternatives for expansion in alt)
    # a short query keeps its typo neighbours: "dang ky khai sihn" still finds the birth registration
    assert backend.search(1, "dang ky khai sihn", limit=1).results[0].code == "1.001193"
