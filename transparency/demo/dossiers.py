"""Demo dossiers telling the seed's story (DOMAIN.md §8)."""

from __future__ import annotations


def demo_dossiers_load() -> int:
    """Generate the demo dossiers; returns how many were created (0 on a second run)."""
    return 0
