"""What query interpretation reads, cached per process: the editors' synonyms and question words
(``search.models``), and the vocabulary of the public catalogue's names.

Each search asks for them; they are rebuilt when what they come from changed. The synonym and
stop tables are fingerprinted (count, last change) at most every ``LEXICON_CHECK_SECONDS``, the
catalogue at most every ``VOCABULARY_CHECK_SECONDS``; a save in this process clears both at once
(``search.signal_handlers``), so an editor sees a new synonym on the next search, other workers
within seconds.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, Generic, TypeVar

from django.db.models import Count, Max

from core.folding import normalize
from search.models.lexicon import MAX_PHRASE_WORDS, SearchStopPhrase, SearchSynonym, expansion_lines
from search.query import raw_words

LEXICON_CHECK_SECONDS = 5.0
VOCABULARY_CHECK_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class Expansion:
    words: tuple[str, ...]
    shown: str


@dataclass(frozen=True, slots=True)
class StopPhrase:
    #: As the editor wrote it, lower-case (marks decide accented matches).
    raw: tuple[str, ...]
    folded: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    #: Folded phrase → what else it may be (never the phrase itself).
    synonyms: dict[tuple[str, ...], tuple[Expansion, ...]] = field(default_factory=dict)
    #: Longest first, so "cần những gì" is dropped before "gì".
    stops: tuple[StopPhrase, ...] = ()
    #: Every folded word of a term, expansion or stop phrase: never "corrected".
    words: frozenset[str] = frozenset()

    @property
    def longest(self) -> int:
        return max((len(phrase) for phrase in self.synonyms), default=0)


@dataclass(frozen=True)
class Vocabulary:
    """Folded words of public names with their frequency, the pairs that occur side by side,
    and how each word is most often written (with its diacritics)."""

    counts: dict[str, int] = field(default_factory=dict)
    bigrams: frozenset[tuple[str, str]] = frozenset()
    by_length: dict[int, list[str]] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)

    def display(self, word: str) -> str:
        return self.shown.get(word, word)


def lexicon_build() -> Lexicon:
    synonyms: dict[tuple[str, ...], list[Expansion]] = {}

    def add(phrase: tuple[str, ...], expansion: Expansion) -> None:
        if phrase and expansion.words != phrase and expansion not in synonyms.setdefault(phrase, []):
            synonyms[phrase].append(expansion)

    words: set[str] = set()
    for row in SearchSynonym.objects.order_by("folded_term"):
        term = tuple(row.folded_term.split())
        expansions = [
            Expansion(words=tuple(normalize(line).split()), shown=line)
            for line in expansion_lines(row.expansions)
        ]
        words.update(term)
        for expansion in expansions:
            words.update(expansion.words)
            add(term, expansion)
        if row.two_way:
            typed = Expansion(words=term, shown=row.term)
            for expansion in expansions:
                for other in [typed, *expansions]:
                    add(expansion.words, other)
    stops = []
    for phrase in SearchStopPhrase.objects.all():
        folded = tuple(phrase.folded_phrase.split())
        raw = tuple(raw_words(phrase.phrase))
        if folded and len(raw) == len(folded) and len(folded) <= MAX_PHRASE_WORDS:
            stops.append(StopPhrase(raw=raw, folded=folded))
            words.update(folded)
    stops.sort(key=lambda stop: -len(stop.folded))
    return Lexicon(
        synonyms={phrase: tuple(expansions) for phrase, expansions in synonyms.items()},
        stops=tuple(stops),
        words=frozenset(words),
    )


def vocabulary_build(*, extra: frozenset[str] = frozenset()) -> Vocabulary:
    from procedures.models import Department, Field, Procedure

    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    bigrams: set[tuple[str, str]] = set()
    names = list(Procedure.objects.public().values_list("name", flat=True))
    names += list(Department.objects.values_list("name", flat=True))
    names += list(Field.objects.values_list("name", flat=True))
    for name in names:
        folded = normalize(name).split()
        counts.update(folded)
        bigrams.update(pairwise(folded))
        raw = raw_words(name)
        if len(raw) == len(folded):
            for word, typed in zip(folded, raw, strict=True):
                forms.setdefault(word, Counter())[typed] += 1
    for word in extra - counts.keys():
        counts[word] = 1
    by_length: dict[int, list[str]] = {}
    for word in sorted(counts):
        by_length.setdefault(len(word), []).append(word)
    return Vocabulary(
        counts=dict(counts),
        bigrams=frozenset(bigrams),
        by_length=by_length,
        shown={word: form.most_common(1)[0][0] for word, form in forms.items()},
    )


T = TypeVar("T")


class _Cached(Generic[T]):
    """A value rebuilt when its fingerprint changes, the fingerprint read at most every ``every`` s."""

    def __init__(self, *, every: float, fingerprint: Callable[[], Any], build: Callable[[], T]) -> None:
        self.every = every
        self.fingerprint = fingerprint
        self.build = build
        self.clear()

    def clear(self) -> None:
        self._value: T | None = None
        self._print: Any = None
        self._checked = 0.0

    def get(self) -> T:
        now = time.monotonic()
        if self._value is not None and now - self._checked < self.every:
            return self._value
        current = self.fingerprint()
        if self._value is None or current != self._print:
            self._value = self.build()
            self._print = current
        self._checked = now
        return self._value


def _lexicon_fingerprint() -> tuple[Any, ...]:
    return (
        tuple(SearchSynonym.objects.aggregate(n=Count("pk"), at=Max("updated_at")).values()),
        tuple(SearchStopPhrase.objects.aggregate(n=Count("pk"), at=Max("updated_at")).values()),
    )


def _vocabulary_fingerprint() -> tuple[Any, ...]:
    from procedures.models import Department, Field, Procedure

    return (
        tuple(Procedure.objects.public().aggregate(n=Count("pk"), at=Max("updated_at")).values()),
        Department.objects.count(),
        Field.objects.count(),
        lexicon_get().words,
    )


_lexicon = _Cached(every=LEXICON_CHECK_SECONDS, fingerprint=_lexicon_fingerprint, build=lexicon_build)
_vocabulary = _Cached(
    every=VOCABULARY_CHECK_SECONDS,
    fingerprint=_vocabulary_fingerprint,
    build=lambda: vocabulary_build(extra=lexicon_get().words),
)


def lexicon_get() -> Lexicon:
    return _lexicon.get()


def vocabulary_get() -> Vocabulary:
    return _vocabulary.get()


def lexicon_cache_clear(**kwargs: object) -> None:
    """Forget both (heard on saves of synonyms, stop phrases and the catalogue)."""
    _lexicon.clear()
    _vocabulary.clear()
