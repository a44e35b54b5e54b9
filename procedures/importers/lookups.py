"""The catalogue an import compares its rows with, read in bulk (no query per row)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.folding import fold
from procedures.models import (
    Channel,
    Decision,
    Department,
    Field,
    LegalDocument,
    Procedure,
    RequiredDocument,
    Step,
)
from procedures.services import agency_names, department_is_provincial

# Rows per ``IN (...)`` query and per bulk statement.
CHUNK = 500


CHILD_MODELS: dict[str, type] = {
    "steps": Step,
    "channels": Channel,
    "documents": RequiredDocument,
    "legal_documents": LegalDocument,
}


@dataclass(slots=True)
class CatalogueLookups:
    """Departments, fields and decisions, loaded once per import (no query per row)."""

    departments_by_slug: dict[str, Department]
    departments_by_name: dict[str, Department]
    fields: dict[str, Field]
    decisions: dict[str, Decision]

    @classmethod
    def load(cls) -> CatalogueLookups:
        departments = list(Department.objects.all())
        by_name: dict[str, Department] = {}
        for department in departments:
            for name in (department.short_name, department.name):
                if name:
                    by_name[fold(name)] = department
        return cls(
            departments_by_slug={d.slug: d for d in departments},
            departments_by_name=by_name,
            fields={fold(f.name): f for f in Field.objects.all()},
            decisions={d.number: d for d in Decision.objects.all()},
        )

    def department_for_agencies(self, agencies: Iterable[str]) -> tuple[Department | None, str | None]:
        """An existing department named by one of the agencies, else the first provincial agency
        name to create a department for, else (None, None)."""
        to_create = None
        names = [name for agency in agencies for name in agency_names(agency)]
        for name in names:
            department = self.departments_by_name.get(fold(name))
            if department is not None:
                return department, None
            if to_create is None and department_is_provincial(name):
                to_create = name
        return None, to_create


def procedures_existing_load(codes: list[str]) -> dict[str, Procedure]:
    """The procedures with these codes, by code, with the children and decision links a plan compares."""
    found: dict[str, Procedure] = {}
    for start in range(0, len(codes), CHUNK):
        queryset = Procedure.objects.filter(code__in=codes[start : start + CHUNK]).prefetch_related(
            *CHILD_MODELS, "decision_links__decision"
        )
        found.update({p.code: p for p in queryset})
    return found
