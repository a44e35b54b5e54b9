"""Reads of the catalogue: departments, fields, procedures."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from procedures.models import Department, Procedure


def department_list() -> QuerySet[Department]:
    """Top-level departments with their sub-units and live-procedure counts, in display order."""
    return (
        Department.objects.top_level()
        .annotate(procedure_count=Count("procedures", filter=Q(procedures__live=True)))
        .prefetch_related("sub_units")
    )


def department_get(*, slug: str) -> Department | None:
    return Department.objects.select_related("parent").prefetch_related("sub_units").filter(slug=slug).first()


def department_procedures(*, department: Department) -> QuerySet[Procedure]:
    """Live procedures received by the department, for its profile page."""
    return (
        Procedure.objects.public()
        .filter(department=department)
        .select_related("field")
        .order_by("field__name", "code")
    )
