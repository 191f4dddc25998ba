"""Vietnamese folding: one folded form for every way a resident may type a word."""

import unicodedata

from wardportal.search.folding import fold, fold_word, word_spans, words
from wardportal.search.query import highlight


def test_fold_strips_diacritics_and_maps_d_bar():
    """Every tone and vowel mark goes, and đ/Đ (which Unicode does not decompose) becomes d."""
    assert fold("Đăng ký khai sinh") == "dang ky khai sinh"
    assert fold("ĐỒNG Ý ưởng ờ ữ") == "dong y uong o u"


def test_fold_treats_nfd_like_nfc():
    """Decomposed input folds exactly like composed input."""
    text = "Xác nhận tình trạng hôn nhân, đăng ký thường trú"
    assert fold(unicodedata.normalize("NFD", text)) == fold(text)
    assert words(unicodedata.normalize("NFD", text)) == words(text)


def test_nfd_words_are_not_split_by_combining_marks():
    """A combining mark inside a word keeps the word whole."""
    assert words(unicodedata.normalize("NFD", "Khai sinh Đăng ký")) == ["khai", "sinh", "dang", "ki"]


def test_i_and_y_variants_unify():
    """kí/ký, lí/lý, mĩ/mỹ fold to one word; uy (huy, thủy) is left alone."""
    assert fold_word("ký") == fold_word("kí") == "ki"
    assert fold_word("lý") == fold_word("lí") == "li"
    assert fold_word("Mỹ") == fold_word("mĩ")
    assert fold_word("huy") == "huy" and fold_word("thủy") == "thuy"
    assert fold_word("y") == "y"


def test_old_and_new_tone_placement_unify():
    """hoà and hòa, thuý and thúy are the same word."""
    assert fold_word("hoà") == fold_word("hòa") == "hoa"
    assert fold_word("thuý") == fold_word("thúy")


def test_codes_stay_one_word():
    """A national procedure code is a single token."""
    assert words("Mã 1.001193 khai sinh") == ["ma", "1.001193", "khai", "sinh"]


def test_word_spans_point_into_the_original_text():
    """Offsets cover the original (accented) word."""
    text = "Đăng ký kết hôn"
    assert [text[s:e] for s, e, _ in word_spans(text)] == ["Đăng", "ký", "kết", "hôn"]


def test_highlight_marks_words_and_escapes_html():
    """Matched words are wrapped in <mark>, adjacent ones merged, and markup in titles is escaped."""
    assert highlight("Đăng ký kết hôn", {2, 3}) == "Đăng ký <mark>kết hôn</mark>"
    assert highlight("<b>Chứng thực</b> & sao", {1}) == "&lt;b&gt;<mark>Chứng</mark> thực&lt;/b&gt; &amp; sao"


def test_years_are_fillers_whatever_the_year():
    """"năm 2026", "2031" are dropped like other filler words, with no year written into the list."""
    from wardportal.search.query import Vocabulary, plan_query
    from wardportal.search.synonyms import FILLER_PHRASES

    assert not any(ch.isdigit() for phrase in FILLER_PHRASES for ch in phrase)
    vocab = Vocabulary({"khai": 3, "sinh": 3, "nam": 2, "2031": 1})
    for q in ("khai sinh năm 2031", "thu tuc khai sinh 2031 moi nhat", "khai sinh nam 1999"):
        plan = plan_query(q, vocab, {})
        assert [next(iter(c.alternatives[0][0])) for c in plan.concepts] == ["khai", "sinh"], q
    # "nam" alone is a word (nam, nữ) and stays.
    assert len(plan_query("nam nu ket hon", Vocabulary({"nam": 2, "nu": 2}), {}).concepts) == 2
