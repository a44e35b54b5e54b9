"""Snippets with the matched words marked, folded the same way as the search.

Text is escaped piece by piece and only our own ``<mark>`` tags are added, so the
result is safe HTML whatever the indexed text or the query contained.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.folding import WORD, fold_word

SNIPPET_CHARS = 220


@dataclass(frozen=True, slots=True)
class Snippet:
    html: SafeString
    text: str


def _matches(text: str, terms: frozenset[str], prefix: str | None) -> list[tuple[int, int]]:
    spans = []
    for match in WORD.finditer(text):
        folded = fold_word(match.group())
        if folded in terms or (prefix and folded.startswith(prefix)):
            spans.append(match.span())
    return spans


def highlight(text: str, *, terms: Iterable[str], prefix: str | None = None) -> SafeString:
    """The whole text, escaped, with every word that folds to a query term in ``<mark>``."""
    term_set = frozenset(terms)
    pieces: list[str] = []
    position = 0
    for start, end in _matches(text, term_set, prefix):
        pieces.append(escape(text[position:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece above is escaped


def snippet_build(*, texts: Iterable[str], terms: Iterable[str], length: int = SNIPPET_CHARS) -> Snippet:
    """The passage (of the given texts) with the most query words, about ``length`` characters."""
    term_set = frozenset(terms)
    best: tuple[int, str, int] | None = None
    for text in texts:
        text = " ".join((text or "").split())
        if not text:
            continue
        spans = _matches(text, term_set, None)
        if not spans:
            if best is None:
                best = (0, text, 0)
            continue
        # The window starting shortly before each hit; keep the one covering most hits.
        for start, _ in spans:
            window_start = max(0, start - 40)
            hits = sum(1 for s, _ in spans if window_start <= s < window_start + length)
            if best is None or hits > best[0]:
                best = (hits, text, window_start)
    if best is None:
        return Snippet(html=mark_safe(""), text="")
    _, text, start = best
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    end = start + length
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    passage = text[start:end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    html = highlight(passage, terms=term_set)
    return Snippet(html=mark_safe(f"{prefix}{html}{suffix}"), text=f"{prefix}{passage}{suffix}")  # noqa: S308
