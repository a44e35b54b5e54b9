"""Writes of search: the default synonyms and question words, and the search log."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core.folding import normalize
from search.models import SearchQueryDay, SearchStopPhrase, SearchSynonym
from search.models.log import RETENTION_DAYS

DEFAULTS_FILE = Path(__file__).with_name("lexicon_defaults.toml")


def lexicon_defaults() -> dict:
    return tomllib.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))


def lexicon_defaults_ensure(*, using: str = "default") -> tuple[int, int]:
    """Fill each table that is empty with the defaults (``search/lexicon_defaults.toml``).

    A table an editor has filled, or emptied and refilled, is never touched: the defaults are a
    starting point, the admin is where they are kept. Returns the rows added to each table.
    """
    defaults = lexicon_defaults()
    added_synonyms = added_stops = 0
    with transaction.atomic(using=using):
        if not SearchSynonym.objects.using(using).exists():
            rows: dict[str, SearchSynonym] = {}
            for item in defaults.get("synonym", []):
                row = SearchSynonym(
                    term=" ".join(item["term"].split()),
                    expansions="\n".join(item["expansions"]),
                    two_way=bool(item.get("two_way", False)),
                    note=item.get("note", ""),
                )
                row.folded_term = normalize(row.term)
                rows.setdefault(row.folded_term, row)
            SearchSynonym.objects.using(using).bulk_create(rows.values())
            added_synonyms = len(rows)
        if not SearchStopPhrase.objects.using(using).exists():
            phrases: dict[str, SearchStopPhrase] = {}
            for item in defaults.get("stop", []):
                for phrase in item["phrases"]:
                    text = " ".join(phrase.lower().split())
                    phrases.setdefault(text, SearchStopPhrase(phrase=text, folded_phrase=normalize(text)))
            SearchStopPhrase.objects.using(using).bulk_create(phrases.values())
            added_stops = len(phrases)
    return added_synonyms, added_stops


def search_log_purge(*, today: dt.date | None = None) -> int:
    """Delete the counts older than ``RETENTION_DAYS``; returns how many day rows went."""
    today = today or timezone.localdate()
    deleted, _ = SearchQueryDay.objects.filter(day__lt=today - dt.timedelta(days=RETENTION_DAYS)).delete()
    return deleted


def search_log_count(
    *, normalized: str, text: str, empty: bool, chosen: bool, today: dt.date | None = None
) -> None:
    """Count one search (``chosen=False``) or one opened result of a search (``chosen=True``).

    One row per day and normalised query; the first row of a day also purges the old days.
    """
    today = today or timezone.localdate()
    normalized, text = normalized[:200], text[:200]
    changes = {"chosen": F("chosen") + 1} if chosen else {"searches": F("searches") + 1, "text": text}
    if not chosen and empty:
        changes["empty"] = F("empty") + 1
    if SearchQueryDay.objects.filter(day=today, normalized=normalized).update(**changes):
        return
    if chosen:
        return  # a result opened from a search counted on another day, or purged: nothing to add to
    first_today = not SearchQueryDay.objects.filter(day=today).exists()
    try:
        with transaction.atomic():
            SearchQueryDay.objects.create(
                day=today, normalized=normalized, text=text, searches=1, empty=1 if empty else 0
            )
    except IntegrityError:  # another worker created it in between
        SearchQueryDay.objects.filter(day=today, normalized=normalized).update(**changes)
    if first_today:
        search_log_purge(today=today)
