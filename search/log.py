"""The search log's public side: what a results page may count, and the signed token it carries.

A results page (cached or not) carries a signed token naming the normalised query and whether it
found anything; its script (``search/static/search/search-log.js``) posts the token once when the
page is shown and once when a result is first opened. Only what the server itself answered can
be counted that way, and only visitors whose browser runs the page's script are (not crawlers).
Nothing about the visitor is read or stored: ``search.services.search_log_count`` keeps counts
per day and query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core import signing

from search.query import ParsedQuery

SALT = "portal.search.log"
#: A token older than this is refused (a page kept open for days, or a replay).
MAX_AGE_SECONDS = 24 * 3600
#: Digit runs this long are identity, phone or dossier numbers: such a query is never counted.
_PERSONAL_NUMBER = re.compile(r"\d{5,}")


@dataclass(frozen=True, slots=True)
class LoggedSearch:
    normalized: str
    text: str
    empty: bool


def search_loggable(query: ParsedQuery) -> bool:
    """Words only: never a code (procedure, dossier, decision), a long number or an address."""
    if query.is_empty or query.code is not None or query.code_like:
        return False
    return not _PERSONAL_NUMBER.search(query.text) and "@" not in query.text


def search_log_token(*, query: ParsedQuery, found: int) -> str:
    """The token of a results page ("" for a query that is never counted)."""
    if not search_loggable(query):
        return ""
    return signing.dumps([query.normalized[:200], query.text[:200], found == 0], salt=SALT, compress=True)


def search_log_token_read(token: str) -> LoggedSearch | None:
    try:
        normalized, text, empty = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(normalized, str) or not isinstance(text, str) or not normalized:
        return None
    return LoggedSearch(normalized=normalized, text=text, empty=bool(empty))
