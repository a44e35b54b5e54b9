"""Spelling corrections of one folded query word against the catalogue's vocabulary.

A word is corrected only when the vocabulary (``search.lexicon.Vocabulary``: the folded words of
public procedure, department and field names, and of the synonyms) does not know it, and only to
words it does know. What is tried, in this order:

1. VNI residue: tone and vowel digits left in the word (``ky1`` → ``ky``, ``d9ang`` → ``dang``);
2. Telex residue: vowel keys (``aa``, ``aw``, ``ee``, ``oo``, ``ow``, ``uw``, ``dd``) and a tone key
   (``s f r x j``) left in the word (``kys`` → ``ky``, ``hoanf`` → ``hoan``,
   ``thuowngf`` → ``thuong``): Vietnamese syllables never end in those letters;
3. ``i``/``y`` written for one another (``ki`` / ``ky``, ``li`` / ``ly``);
4. words run together (``dangky`` → ``dang ky``), split where the vocabulary has the pair;
5. one edit (insertion, deletion, substitution or two letters swapped, rapidfuzz's OSA distance)
   on words of five letters or more, to the most frequent word at that distance.

``suggestion_words`` is the looser "did you mean" used when a search found nothing: up to two
edits on words of six letters or more.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Protocol

from rapidfuzz import process
from rapidfuzz.distance import OSA

#: Shortest word that one edit may correct (shorter words have too many neighbours).
MIN_EDIT_LENGTH = 5
#: Shortest word the "did you mean" may change with two edits.
MIN_SUGGEST_TWO_EDITS = 6
_TELEX_KEYS = (("dd", "d"), ("aa", "a"), ("aw", "a"), ("ee", "e"), ("oo", "o"), ("ow", "o"), ("uw", "u"))
_TONE_KEYS = frozenset("sfrxj")
_VOWELS = frozenset("aeiouy")
_VNI = re.compile(r"^(?=.*[a-z])(?=.*[1-9])[a-z1-9]+$")


class VocabularyLike(Protocol):
    """What the corrections read (``search.lexicon.Vocabulary`` provides it)."""

    @property
    def counts(self) -> Mapping[str, int]: ...

    @property
    def bigrams(self) -> frozenset[tuple[str, str]]: ...

    @property
    def by_length(self) -> Mapping[int, Sequence[str]]: ...


def _known(vocabulary: VocabularyLike, word: str) -> bool:
    return word in vocabulary.counts


def _vni(word: str, vocabulary: VocabularyLike) -> str | None:
    if not _VNI.match(word):
        return None
    stripped = re.sub(r"[1-9]", "", word)
    return stripped if _known(vocabulary, stripped) else None


def _telex(word: str, vocabulary: VocabularyLike) -> str | None:
    reduced = word
    for keys, letter in _TELEX_KEYS:
        reduced = reduced.replace(keys, letter)
    reduced = reduced.replace("w", "u")
    candidates = [reduced] if reduced != word else []
    # A tone key: at the end, or typed right after the vowel it marks (never the first letter).
    if reduced[-1:] in _TONE_KEYS:
        candidates.append(reduced[:-1])
    candidates += [
        reduced[:i] + reduced[i + 1 :]
        for i in range(1, len(reduced) - 1)
        if reduced[i] in _TONE_KEYS and reduced[i - 1] in _VOWELS
    ]
    return next((c for c in candidates if c and _known(vocabulary, c)), None)


def _i_y(word: str, vocabulary: VocabularyLike) -> str | None:
    if word.endswith("i"):
        swapped = word[:-1] + "y"
    elif word.endswith("y"):
        swapped = word[:-1] + "i"
    else:
        return None
    return swapped if _known(vocabulary, swapped) else None


def _split(word: str, vocabulary: VocabularyLike) -> tuple[str, ...] | None:
    """Two (or three) known words the vocabulary has side by side, most frequent first."""
    best: tuple[int, tuple[str, ...]] | None = None
    for i in range(2, len(word) - 1):
        head, tail = word[:i], word[i:]
        if not _known(vocabulary, head):
            continue
        if _known(vocabulary, tail) and (head, tail) in vocabulary.bigrams:
            score = vocabulary.counts[head] + vocabulary.counts[tail]
            if best is None or score > best[0]:
                best = (score, (head, tail))
            continue
        for j in range(2, len(tail) - 1):
            middle, last = tail[:j], tail[j:]
            if (
                _known(vocabulary, middle)
                and _known(vocabulary, last)
                and (head, middle) in vocabulary.bigrams
                and (middle, last) in vocabulary.bigrams
            ):
                score = min(vocabulary.counts[w] for w in (head, middle, last))
                if best is None or score > best[0]:
                    best = (score, (head, middle, last))
    return best[1] if best else None


def _nearest(word: str, vocabulary: VocabularyLike, *, max_edits: int) -> str | None:
    """The most frequent known word within ``max_edits`` (OSA distance), nearest first."""
    choices = [
        w
        for size in range(len(word) - max_edits, len(word) + max_edits + 1)
        for w in vocabulary.by_length.get(size, ())
    ]
    if not choices:
        return None
    found = process.extract(word, choices, scorer=OSA.distance, score_cutoff=max_edits, limit=None)
    if not found:
        return None
    return min(found, key=lambda hit: (hit[1], -vocabulary.counts[hit[0]], hit[0]))[0]


def correction(word: str, vocabulary: VocabularyLike) -> tuple[str, ...] | None:
    """The known word(s) an unknown folded word stands for, or None (known, or nothing close)."""
    if not word or _known(vocabulary, word) or len(word) > 40:
        return None
    if any(ch.isdigit() for ch in word):
        fixed = _vni(word, vocabulary)
        return (fixed,) if fixed else None
    if not word.isascii() or not word.isalpha():
        return None
    for fix in (_telex, _i_y):
        fixed = fix(word, vocabulary)
        if fixed:
            return (fixed,)
    if len(word) >= 4:
        parts = _split(word, vocabulary)
        if parts:
            return parts
    if len(word) >= MIN_EDIT_LENGTH:
        fixed = _nearest(word, vocabulary, max_edits=1)
        if fixed:
            return (fixed,)
    return None


def suggestion_words(word: str, vocabulary: VocabularyLike) -> tuple[str, ...] | None:
    """A looser correction for "did you mean": ``correction`` or two edits on long words."""
    fixed = correction(word, vocabulary)
    if fixed or _known(vocabulary, word) or not word.isascii() or not word.isalpha():
        return fixed
    if len(word) >= MIN_SUGGEST_TWO_EDITS:
        nearest = _nearest(word, vocabulary, max_edits=2)
        return (nearest,) if nearest else None
    if len(word) >= 4:
        nearest = _nearest(word, vocabulary, max_edits=1)
        return (nearest,) if nearest else None
    return None
