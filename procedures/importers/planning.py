"""Planning an import: every row compared with the catalogue, as a plan of what to write."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from core.folding import fold
from procedures.enums import DecisionAction
from procedures.importers.drafts import PendingDraft, pending_drafts_load
from procedures.importers.lookups import CHILD_MODELS, CatalogueLookups, procedures_existing_load
from procedures.importers.report import CHANGED, INVALID, NEW, UNCHANGED
from procedures.importers.rows import CHILD_TYPES, DecisionLinkValues, ProcedureRow
from procedures.importers.validation import duplicates_mark, row_validate
from procedures.models import Decision, Department, Field, Procedure
from procedures.services import text_clean


def _children_of(procedure: Procedure, relation: str) -> tuple[tuple, ...]:
    values_type = CHILD_TYPES[relation]
    return tuple(
        values_type(*(getattr(child, name) for name in values_type._fields))
        for child in getattr(procedure, relation).all()
    )


@dataclass(slots=True)
class ProcedurePlan:
    """What an import does with one row: its status, the changed fields and what to resolve or
    create when it is applied (``procedures.importers.applying``)."""

    row: ProcedureRow
    procedure: Procedure | None
    status: str
    changed: list[str] = field(default_factory=list)
    field_obj: Field | str | None = None  # a Field, a name to create, or None (not provided / clear)
    department: Department | str | None = None
    status_decision: Decision | str | None = None
    links: list[DecisionLinkValues] = field(default_factory=list)  # to add or update
    draft: PendingDraft | None = None


def _values_compare(plan: ProcedurePlan) -> None:
    procedure = plan.procedure
    if procedure is None:
        return
    plan.changed.extend(attr for attr, value in plan.row.values.items() if getattr(procedure, attr) != value)


def _field_plan(plan: ProcedurePlan, lookups: CatalogueLookups) -> None:
    """The field, by name; "" clears it (round-trip format only)."""
    row, procedure = plan.row, plan.procedure
    if row.field_name is None:
        return
    wanted = lookups.fields.get(fold(row.field_name)) if row.field_name else None
    plan.field_obj = wanted if (wanted is not None or not row.field_name) else row.field_name
    if procedure is not None and (
        isinstance(plan.field_obj, str) or procedure.field_id != (wanted.pk if wanted else None)
    ):
        plan.changed.append("field")


def _department_wanted(row: ProcedureRow, lookups: CatalogueLookups) -> tuple[bool, Department | str | None]:
    """Whether the row names a department, and which: by slug (round-trip), or matched from the
    executing agencies (national), a name to create when none matches."""
    if row.department_slug is not None:
        if not row.department_slug:
            return True, None
        department = lookups.departments_by_slug.get(row.department_slug)
        if department is None:
            row.error("department", f"Không có cơ quan với mã (slug) “{row.department_slug}”.")
        return True, department
    if row.agencies:
        found, to_create = lookups.department_for_agencies(row.agencies)
        matched = found or to_create
        return matched is not None, matched
    return False, None


def _department_plan(plan: ProcedurePlan, lookups: CatalogueLookups) -> None:
    provided, department = _department_wanted(plan.row, lookups)
    if not provided:
        return
    plan.department = department
    procedure = plan.procedure
    if procedure is not None and (
        isinstance(department, str) or procedure.department_id != (department.pk if department else None)
    ):
        plan.changed.append("department")


def _status_decision_plan(plan: ProcedurePlan, lookups: CatalogueLookups) -> None:
    """The decision that amended or repealed the procedure."""
    number, procedure = plan.row.status_decision, plan.procedure
    if number is None:
        return
    plan.status_decision = (lookups.decisions.get(number) or number) if number else None
    if procedure is None:
        return
    current_number = procedure.status_decision.number if procedure.status_decision_id else ""
    if current_number != number:
        plan.changed.append("status_decision")


def _children_compare(plan: ProcedurePlan) -> None:
    row, procedure = plan.row, plan.procedure
    if procedure is None:
        return
    plan.changed.extend(
        relation
        for relation in CHILD_MODELS
        if relation in row.children and _children_of(procedure, relation) != row.children[relation]
    )


def _links_plan(plan: ProcedurePlan, extra: DecisionLinkValues | None) -> None:
    """Decision links: add missing ones, update action/note of listed ones; never remove. The
    import's own decision (``extra``) is added where missing, never changes an existing link."""
    procedure = plan.procedure
    existing = {link.decision.number: link for link in procedure.decision_links.all()} if procedure else {}
    wanted_links = list({link.number: link for link in plan.row.decisions}.values())
    if extra is not None and extra.number not in {link.number for link in wanted_links}:
        wanted_links.append(extra)
    for link in wanted_links:
        current_link = existing.get(link.number)
        if current_link is None or (
            (link is not extra) and (current_link.action, current_link.note) != (link.action, link.note)
        ):
            plan.links.append(link)
    if plan.links and procedure is not None:
        plan.changed.append("decisions")


def _plan_row(
    row: ProcedureRow,
    procedure: Procedure | None,
    lookups: CatalogueLookups,
    extra: DecisionLinkValues | None,
) -> ProcedurePlan:
    plan = ProcedurePlan(row=row, procedure=procedure, status=NEW if procedure is None else UNCHANGED)
    _values_compare(plan)
    _field_plan(plan, lookups)
    _department_plan(plan, lookups)
    _status_decision_plan(plan, lookups)
    _children_compare(plan)
    _links_plan(plan, extra)
    if procedure is None and "name" not in row.values:
        row.error("name", "Thủ tục mới cần có tên.")
    if row.errors:
        plan.status = INVALID
    elif procedure is not None and plan.changed:
        plan.status = CHANGED
    return plan


def procedure_rows_plan(
    *, rows: list[ProcedureRow], decision_number: str | None = None
) -> tuple[list[ProcedurePlan], list[str]]:
    """Validate every row and compare it with the database. Returns the plans and notes
    (departments, fields and decisions the import would create)."""
    for row in rows:
        row_validate(row)
    duplicates_mark(rows)
    lookups = CatalogueLookups.load()
    existing = procedures_existing_load([row.code for row in rows if row.code])
    extra = (
        DecisionLinkValues(text_clean(decision_number), DecisionAction.ADD, "") if decision_number else None
    )
    plans = [_plan_row(row, existing.get(row.code), lookups, extra) for row in rows]
    drafts = pending_drafts_load(
        [plan.procedure for plan in plans if plan.status == CHANGED and plan.procedure]
    )
    for plan in plans:
        if plan.status == CHANGED and plan.procedure is not None:
            plan.draft = drafts.get(plan.procedure.pk)
    notes = []
    to_create: dict[str, set[str]] = defaultdict(set)
    for plan in plans:
        if plan.status in {NEW, CHANGED}:
            if isinstance(plan.field_obj, str):
                to_create["fields"].add(plan.field_obj)
            if isinstance(plan.department, str):
                to_create["departments"].add(plan.department)
            for link in plan.links:
                if link.number not in lookups.decisions:
                    to_create["decisions"].add(link.number)
    labels = {"departments": "Cơ quan mới", "fields": "Lĩnh vực mới", "decisions": "Quyết định mới"}
    for key, label in labels.items():
        if to_create[key]:
            names = sorted(to_create[key])
            shown = ", ".join(names[:10]) + (f" và {len(names) - 10} mục khác" if len(names) > 10 else "")
            notes.append(f"{label} ({len(names)}): {shown}.")
    return plans, notes
