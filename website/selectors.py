"""Reads for site-wide pages."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from transparency.presenters.statistics import statistics_headline
from transparency.selectors.apologies import apology_latest_notices


def home_highlights() -> dict[str, Any]:
    """Headline figures and latest notices for the home page; empty until data is imported."""
    return {"headline": statistics_headline(), "latest_notices": apology_latest_notices(limit=5)}


class HomeHighlights:
    """:func:`home_highlights`, read only when the template asks (its fragment may be kept)."""

    @cached_property
    def values(self) -> dict[str, Any]:
        return home_highlights()

    @property
    def headline(self) -> Any:
        return self.values["headline"]

    @property
    def latest_notices(self) -> Any:
        return self.values["latest_notices"]
