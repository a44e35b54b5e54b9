from procedures.models.calendar import CalendarOverride
from procedures.models.catalogue import (
    Channel,
    Decision,
    DecisionProcedure,
    LegalDocument,
    Procedure,
    RequiredDocument,
    Step,
)
from procedures.models.departments import Department, Field
from procedures.models.pages import DecisionIndexPage, DepartmentIndexPage, ProcedureIndexPage

__all__ = [
    "CalendarOverride",
    "Channel",
    "Decision",
    "DecisionIndexPage",
    "DecisionProcedure",
    "Department",
    "DepartmentIndexPage",
    "Field",
    "LegalDocument",
    "Procedure",
    "ProcedureIndexPage",
    "RequiredDocument",
    "Step",
]
