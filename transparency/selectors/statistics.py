"""Lateness statistics computed from dossier rows (DOMAIN.md §7)."""

from __future__ import annotations

from typing import Any

from procedures.models import Department


def department_profile_statistics(*, department: Department) -> dict[str, Any] | None:
    """The department's own figures and trend for its profile page; None without dossiers."""
    return None
