"""Applying a plan: the new and changed procedures, their child rows and decision links written
in one transaction, then published."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core.folding import fold
from core.signals import catalogue_changed_send
from procedures.importers.lookups import CHILD_MODELS, CHUNK
from procedures.importers.planning import ProcedurePlan
from procedures.importers.publishing import procedures_index, procedures_publish
from procedures.importers.report import CHANGED, INVALID, NEW
from procedures.models import Channel, Decision, DecisionProcedure, Department, Field, Procedure
from procedures.services import (
    decision_get_or_create,
    department_get_or_create,
    field_get_or_create,
    procedure_summary,
)


def _resolve(plans: list[ProcedurePlan]) -> None:
    """Create the fields, departments and decisions the plans name (inside the transaction)."""
    fields: dict[str, Field] = {}
    departments: dict[str, Department | None] = {}
    decisions: dict[str, Decision] = {}
    for plan in plans:
        if isinstance(plan.field_obj, str):
            key = fold(plan.field_obj)
            if key not in fields:
                fields[key] = field_get_or_create(name=plan.field_obj)[0]
            plan.field_obj = fields[key]
        if isinstance(plan.department, str):
            key = fold(plan.department)
            if key not in departments:
                departments[key] = department_get_or_create(name=plan.department)[0]
            plan.department = departments[key]
        if isinstance(plan.status_decision, str):
            number = plan.status_decision
            if number not in decisions:
                decisions[number] = decision_get_or_create(number=number)[0]
            plan.status_decision = decisions[number]


def _decision(number: str, cache: dict[str, Decision]) -> Decision:
    if number not in cache:
        cache[number] = decision_get_or_create(number=number)[0]
    return cache[number]


def _assign(procedure: Procedure, plan: ProcedurePlan) -> list[str]:
    """Put the plan's values on the procedure; returns the model fields written."""
    written = []
    for attr, value in plan.row.values.items():
        setattr(procedure, attr, value)
        written.append(attr)
    if plan.row.field_name is not None:
        procedure.field = plan.field_obj  # type: ignore[assignment]
        written.append("field")
    if plan.department is not None or plan.row.department_slug == "":
        procedure.department = plan.department  # type: ignore[assignment]
        written.append("department")
    if plan.row.status_decision is not None:
        procedure.status_decision = plan.status_decision  # type: ignore[assignment]
        written.append("status_decision")
    return written


def _children_build(procedure: Procedure, relation: str, values: tuple[tuple, ...]) -> list[Any]:
    model = CHILD_MODELS[relation]
    return [model(procedure=procedure, sort_order=n, **v._asdict()) for n, v in enumerate(values)]


def _summary_set(procedure: Procedure, channels: Iterable[Channel]) -> None:
    summary = procedure_summary(channels=channels)
    procedure.time_limit_days = summary.time_limit_days
    procedure.is_free = summary.is_free
    procedure.channel_kinds = summary.channel_kinds


@transaction.atomic
def procedure_plans_apply(*, plans: list[ProcedurePlan], user: AbstractBaseUser | None = None) -> int:
    """Write the new and changed plans in one transaction; returns how many procedures were written."""
    work = [plan for plan in plans if plan.status in {NEW, CHANGED}]
    if not work:
        return 0
    if any(plan.status == INVALID for plan in plans):
        raise ValueError("Refusing to apply an import with invalid rows.")
    _resolve(work)
    now = timezone.now()
    new_objects: list[Procedure] = []
    changed_objects: list[Procedure] = []
    update_fields: set[str] = set()
    for plan in work:
        if plan.procedure is None:
            procedure = Procedure(
                code=plan.row.code, live=True, has_unpublished_changes=False, first_published_at=now
            )
            _assign(procedure, plan)
            _summary_set(
                procedure, _children_build(procedure, "channels", plan.row.children.get("channels", ()))
            )
            plan.procedure = procedure
            new_objects.append(procedure)
        else:
            procedure = plan.procedure
            update_fields.update(_assign(procedure, plan))
            if "channels" in plan.changed:
                _summary_set(procedure, _children_build(procedure, "channels", plan.row.children["channels"]))
                update_fields.update({"time_limit_days", "is_free", "channel_kinds"})
            changed_objects.append(procedure)
    Procedure.objects.bulk_create(new_objects, batch_size=CHUNK)
    if any(p.pk is None for p in new_objects):
        ids = dict(Procedure.objects.filter(code__in=[p.code for p in new_objects]).values_list("code", "pk"))
        for procedure in new_objects:
            procedure.pk = procedure.id = ids[procedure.code]
    if changed_objects and update_fields:
        update_fields.add("updated_at")
        for procedure in changed_objects:
            procedure.updated_at = now
        Procedure.objects.bulk_update(changed_objects, sorted(update_fields), batch_size=CHUNK)
    # Child rows: replaced wholesale where they changed (or for new procedures).
    for relation, model in CHILD_MODELS.items():
        replace = [
            plan
            for plan in work
            if relation in plan.row.children and (plan.status == NEW or relation in plan.changed)
        ]
        stale = [plan.procedure.pk for plan in replace if plan.status == CHANGED]
        for start in range(0, len(stale), CHUNK):
            model.objects.filter(procedure_id__in=stale[start : start + CHUNK]).delete()
        children = [
            child
            for plan in replace
            for child in _children_build(plan.procedure, relation, plan.row.children[relation])
        ]
        model.objects.bulk_create(children, batch_size=CHUNK)
    _links_apply(work)
    drafts = {
        plan.procedure.pk: plan.draft.revision_id for plan in work if plan.draft and plan.draft.revision_id
    }
    procedures = procedures_publish(
        [plan.procedure.pk for plan in work], {p.pk for p in new_objects}, user, drafts
    )
    procedures_index(procedures)
    catalogue_changed_send(procedure_plans_apply, procedure_ids=[p.pk for p in procedures])
    return len(work)


def _links_apply(work: list[ProcedurePlan]) -> None:
    cache: dict[str, Decision] = {}
    wanted = [(plan.procedure, link) for plan in work for link in plan.links]
    if not wanted:
        return
    for _procedure, link in wanted:
        _decision(link.number, cache)
    existing = {
        (link.decision_id, link.procedure_id): link
        for link in DecisionProcedure.objects.filter(
            decision__in=cache.values(), procedure__in=[p for p, _ in wanted]
        )
    }
    next_order = dict(
        DecisionProcedure.objects.filter(decision__in=cache.values())
        .values("decision_id")
        .annotate(top=Max("sort_order"))
        .values_list("decision_id", "top")
    )
    create, update = [], []
    for procedure, link in wanted:
        decision = cache[link.number]
        current = existing.get((decision.pk, procedure.pk))
        if current is None:
            order = (next_order.get(decision.pk) or 0) + 1
            next_order[decision.pk] = order
            create.append(
                DecisionProcedure(
                    decision=decision,
                    procedure=procedure,
                    action=link.action,
                    note=link.note,
                    sort_order=order,
                )
            )
        else:
            current.action, current.note = link.action, link.note
            update.append(current)
    DecisionProcedure.objects.bulk_create(create, batch_size=CHUNK)
    DecisionProcedure.objects.bulk_update(update, ["action", "note"], batch_size=CHUNK)
