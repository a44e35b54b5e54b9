"""Demo apology notices (DOMAIN.md §8)."""

from __future__ import annotations


def demo_apologies_load() -> int:
    """Publish demo notices; returns how many were created (0 on a second run)."""
    return 0
