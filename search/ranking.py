"""What the site search and its suggestions share: the backends' failure modes and the ranking
of hits by their name (title).

``title_score`` reads the query's slots (``search.query.Slot``): a slot counts as in the title
when every word of one of its alternatives is (the words as typed, a synonym's expansion, a
spelling correction), so "sổ đỏ" ranks "Cấp giấy chứng nhận quyền sử dụng đất…" as a name match;
question words left out never count.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings

from core.folding import WORD, normalize
from search.query import ParsedQuery

FALLBACK_BACKEND = "database"


def _backend_errors() -> tuple[type[BaseException], ...]:
    """Errors that mean "the search cluster is unreachable or failing"."""
    errors: list[type[BaseException]] = []
    try:
        from elastic_transport import TransportError
        from elasticsearch import ApiError

        errors += [TransportError, ApiError]
    except ImportError:  # pragma: no cover - the elasticsearch extra is not installed
        pass
    return tuple(errors) or (ConnectionError,)


BACKEND_ERRORS = _backend_errors()


def has_fallback() -> bool:
    return FALLBACK_BACKEND in getattr(settings, "WAGTAILSEARCH_BACKENDS", {})


def expands_synonyms(backend: Any) -> bool:
    """Whether the backend applies the synonyms itself (the Elasticsearch synonym filter of
    ``search.backends.elasticsearch``); otherwise the query carries the expansions."""
    return bool(getattr(backend, "expands_synonyms", False))


def title_score(query: ParsedQuery, title: str) -> float:
    folded = normalize(title)
    words = folded.split()
    if not words or query.is_empty:
        return 0.0
    title_words = set(words)
    padded = f" {folded} "
    stripped = re.sub(r"^thu tuc ", "", folded)
    score = 0.0
    for slots in query.slot_groups:
        if not slots:
            continue
        covering = [slot.covered_by(title_words) for slot in slots]
        found = [alternative for alternative in covering if alternative is not None]
        matched = {word for alternative in found for word in alternative}
        group_score = 2.0 * len(found) / len(slots) + 0.5 * len(matched) / len(title_words)
        if len(found) == len(slots):
            phrase = " ".join(word for alternative in found for word in alternative)
            if f" {phrase} " in padded:
                group_score += 1.0
            if phrase in (folded, stripped):
                group_score += 1.0
        score = max(score, group_score)
    # Folding merges "thường" and "thương": when accents were typed, words typed
    # exactly as in the title break the tie.
    typed = {w for w in WORD.findall(query.text.lower()) if w != normalize(w)}
    if typed:
        score += 0.5 * len(typed & set(WORD.findall(title.lower()))) / len(typed)
    return score
