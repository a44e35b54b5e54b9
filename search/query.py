"""What a visitor typed, made safe and turned into a backend-neutral search query.

Folding and normalising (``search.folding.normalize``) leaves only words, so no
backend ever sees its own query syntax (FTS5 quotes, ``*``, ``:``, PostgreSQL
``tsquery`` operators, Lucene syntax): quotes, ``\\``, control characters and the
like cannot fail a search. Upper-case ``OR`` between words is honoured (either side
may match); ``AND`` is what every query does anyway, so it is dropped; ``NOT`` is
dropped too (excluding words is not offered).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from modelsearch.query import Or, PlainText, SearchQuery

from search.folding import normalize

MAX_QUERY_CHARS = 200
MAX_TERMS = 24
_OPERATORS_DROPPED = frozenset({"AND", "NOT", "&&"})
_OPERATORS_OR = frozenset({"OR", "||", "|"})


def _clean(text: str) -> str:
    """Control and format characters become spaces; runs of spaces collapse."""
    chars = (" " if unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} else ch for ch in text)
    return " ".join("".join(chars).split())


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A cleaned query: ``text`` to show back (always escaped by templates) and word groups."""

    text: str
    groups: tuple[tuple[str, ...], ...]
    truncated: bool = False

    @property
    def terms(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for group in self.groups:
            for term in group:
                seen.setdefault(term, None)
        return tuple(seen)

    @property
    def normalized(self) -> str:
        return " ".join(self.terms)

    @property
    def is_empty(self) -> bool:
        return not self.terms

    def search_query(self, *, operator: str = "and") -> SearchQuery:
        """The modelsearch query: one AND group, or an OR of groups."""
        parts = [PlainText(" ".join(group), operator=operator) for group in self.groups]
        return parts[0] if len(parts) == 1 else Or(parts)


def query_parse(*, text: str | None) -> ParsedQuery:
    """Parse what a visitor typed; never raises, whatever the input."""
    cleaned = _clean(text or "")
    truncated = len(cleaned) > MAX_QUERY_CHARS
    if truncated:
        cut = cleaned[:MAX_QUERY_CHARS]
        cleaned = cut.rsplit(" ", 1)[0] if " " in cut else cut
    groups: list[list[str]] = [[]]
    count = 0
    for token in cleaned.split():
        if token in _OPERATORS_OR:
            if groups[-1]:
                groups.append([])
            continue
        if token in _OPERATORS_DROPPED:
            continue
        for word in normalize(token).split():
            if count >= MAX_TERMS:
                truncated = True
                break
            groups[-1].append(word)
            count += 1
    return ParsedQuery(
        text=cleaned, groups=tuple(tuple(group) for group in groups if group), truncated=truncated
    )
