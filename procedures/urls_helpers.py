"""Public addresses of catalogue objects, in the active language.

Models are not pages, so their addresses come from the routable index pages that
serve them (``/thu-tuc/<code>/``, ``/co-quan/<slug>/``, ``/quyet-dinh/<slug>/``).
The index pages' paths are fixed by DESIGN.md, so they are built here without a
query per object; ``/en`` is prefixed when English is active.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import get_language

if TYPE_CHECKING:
    from procedures.models import Decision, Department, Procedure

PROCEDURES_PATH = "thu-tuc"
DEPARTMENTS_PATH = "co-quan"
DECISIONS_PATH = "quyet-dinh"


def _prefix() -> str:
    return "/en" if get_language() == "en" else ""


def procedure_url(procedure: Procedure) -> str:
    return f"{_prefix()}/{PROCEDURES_PATH}/{procedure.code}/"


def department_url(department: Department) -> str:
    return f"{_prefix()}/{DEPARTMENTS_PATH}/{department.slug}/"


def decision_url(decision: Decision) -> str:
    return f"{_prefix()}/{DECISIONS_PATH}/{decision.slug}/"
