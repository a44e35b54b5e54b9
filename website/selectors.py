"""Reads for site-wide pages."""

from __future__ import annotations

from typing import Any


def home_highlights() -> dict[str, Any]:
    """Headline figures and latest notices for the home page; empty until data is imported."""
    return {"headline": None, "latest_notices": []}
