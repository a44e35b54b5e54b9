"""Reads for site-wide pages."""

from __future__ import annotations

from typing import Any

from transparency.presenters.statistics import statistics_headline
from transparency.selectors.apologies import apology_latest_notices


def home_highlights() -> dict[str, Any]:
    """Headline figures and latest notices for the home page; empty until data is imported."""
    return {"headline": statistics_headline(), "latest_notices": apology_latest_notices(limit=5)}
