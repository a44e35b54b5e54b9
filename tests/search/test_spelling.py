"""Spelling corrections against a vocabulary (no database): what is corrected, and what is not."""

from __future__ import annotations

import pytest

from search.lexicon import Vocabulary
from search.spelling import correction, suggestion_words

WORDS = {
    "dang": 9,
    "ky": 9,
    "thuong": 5,
    "tru": 5,
    "hoan": 2,
    "thue": 3,
    "ket": 4,
    "hon": 4,
    "cong": 6,
    "chung": 6,
}
VOCABULARY = Vocabulary(
    counts=WORDS,
    bigrams=frozenset({("dang", "ky"), ("thuong", "tru"), ("ket", "hon")}),
    by_length={n: sorted(w for w in WORDS if len(w) == n) for n in range(1, 10)},
)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("kys", ("ky",)),  # Telex tone key at the end
        ("hoanf", ("hoan",)),
        ("thuowngf", ("thuong",)),  # Telex vowel key and tone key
        ("ddang", ("dang",)),
        ("ky1", ("ky",)),  # VNI tone digit
        ("d9ang", ("dang",)),
        ("ki", ("ky",)),  # i for y
        ("dangky", ("dang", "ky")),  # run together
        ("thuongtru", ("thuong", "tru")),
        ("conng", ("cong",)),  # one letter too many, five letters
        ("chugn", ("chung",)),  # two letters swapped
    ],
)
def test_slips_are_corrected_to_known_words(typed, meant):
    assert correction(typed, VOCABULARY) == meant


@pytest.mark.parametrize(
    "typed",
    [
        "dang",  # known
        "tyu",  # four letters or fewer get no edit
        "honn",
        "thuonggg",  # two edits: only "did you mean"
        "kyhon",  # never split where the vocabulary has no such pair
        "1234",
    ],
)
def test_known_short_or_distant_words_are_left_alone(typed):
    assert correction(typed, VOCABULARY) is None


def test_did_you_mean_reaches_two_edits_on_long_words():
    assert suggestion_words("thuonggg", VOCABULARY) == ("thuong",)
    assert suggestion_words("xyzzyq", VOCABULARY) is None
