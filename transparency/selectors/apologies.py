"""Reads of apology notices."""

from __future__ import annotations

from typing import Any

from procedures.models import Department


def department_apology_summary(*, department: Department) -> dict[str, Any] | None:
    """ "Apologised for X of Y late dossiers" and the latest notices; None without late dossiers."""
    return None
