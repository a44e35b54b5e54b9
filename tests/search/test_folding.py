from hypothesis import given
from hypothesis import strategies as st

from core.folding import fold, normalize
from search.query import MAX_QUERY_CHARS, query_parse


def test_fold_maps_d_with_stroke_and_strips_marks():
    assert fold("Đăng ký") == "dang ky"
    assert fold("THƯỜNG TRÚ đất đai") == "thuong tru dat dai"


def test_normalize_turns_codes_into_the_same_words_on_every_backend():
    assert normalize("1.004222") == "1 004222"
    assert normalize("2735/QĐ-UBND") == "2735 qd ubnd"


@given(st.text(max_size=300))
def test_any_input_parses_to_plain_words(text):
    parsed = query_parse(text=text)
    assert len(parsed.text) <= MAX_QUERY_CHARS
    for term in parsed.terms:
        assert term and term == normalize(term) and " " not in term


def test_or_between_words_makes_alternatives_and_operators_are_not_searched_for():
    parsed = query_parse(text="đất OR hộ tịch AND NOT x")
    assert parsed.groups == (("dat",), ("ho", "tich", "x"))


def test_control_characters_and_syntax_are_dropped():
    parsed = query_parse(text='"dang\x00 ky" * a:b \\ \u200b')
    assert parsed.terms == ("dang", "ky", "a", "b")
