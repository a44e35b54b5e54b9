"""The import pipeline: validate every row → compare with the database (the preview) → apply in
one transaction, keyed by procedure code.

Unchanged rows are not written, so importing the same file twice changes nothing. Procedures
created or changed by an import are published (live) with a revision and a history entry,
the search index is updated in bulk and the public page cache is invalidated.

An editor's unpublished draft of a procedure the import changes is never lost: the import
publishes its own revision of the live version, then saves the draft's content again as the
newest revision, so the draft stays what the editor opens, what a moderation publishes and what
Wagtail counts as "unpublished changes". The preview lists those procedures (``PendingDraft``)
because the draft was made against the old version: publishing it as it is brings the old
values back.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import OperationalError, transaction
from django.db.models import CharField, Max, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.admin.utils import get_user_display_name
from wagtail.models import ModelLogEntry, Revision, WorkflowState
from wagtail.search.backends import get_search_backends

from core.folding import fold
from core.locks import busy_message, database_busy
from core.signals import catalogue_changed_send
from core.tabular.errors import ImportFileError, RowError
from procedures.enums import ChannelKind, DecisionAction, Level, OnlineLevel, ProcedureStatus, TimeLimitUnit
from procedures.importers.rows import CHILD_TYPES, DecisionLinkValues, ProcedureRow
from procedures.importers.sources import SourceRows, source_read
from procedures.models import (
    Channel,
    Decision,
    DecisionProcedure,
    Department,
    Field,
    LegalDocument,
    Procedure,
    RequiredDocument,
    Step,
)
from procedures.resources import CHILD_COLUMNS, TEXT_COLUMNS
from procedures.services import (
    agency_names,
    decision_get_or_create,
    department_get_or_create,
    department_is_provincial,
    field_get_or_create,
    procedure_summary,
    text_clean,
)

NEW, CHANGED, UNCHANGED, INVALID = "new", "changed", "unchanged", "invalid"
CHILD_MODELS: dict[str, type] = {
    "steps": Step,
    "channels": Channel,
    "documents": RequiredDocument,
    "legal_documents": LegalDocument,
}
_CODE = re.compile(r"^[\w.\-/]+$")
_CHOICES: dict[str, type] = {"level": Level, "online_level": OnlineLevel, "status": ProcedureStatus}
# Model attribute → the portal column that carries it (row errors name the column).
_COLUMN_OF = {attr: column for column, attr in (*TEXT_COLUMNS.items(), *CHILD_COLUMNS.items())}
_MAX_LENGTHS = {"code": 64, "field": 255, "decision": 100, "legal_code": 100, "time_share": 100}
_SMALLINT = 32767
_CHUNK = 500


@dataclass(slots=True)
class PendingDraft:
    """Editors' unpublished work on a procedure that an import changes: a draft (a revision newer
    than the live one) and/or a moderation in progress. The import keeps it as it is."""

    procedure_id: int
    revision_id: int | None  # the draft; None when only a moderation of the live version is open
    saved_by: str = ""
    saved_at: datetime | None = None
    workflow: str = ""  # "workflow – current task" while in moderation, else ""


@dataclass(slots=True)
class RowOutcome:
    """What an import does (or would do) with one row."""

    row: int | None
    code: str
    name: str
    status: str
    changed_fields: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    label: str = ""
    draft: PendingDraft | None = None  # set on changed rows whose procedure has a draft


@dataclass(slots=True)
class ImportReport:
    """The preview of an import, and after ``apply`` its result."""

    format: str = ""
    outcomes: list[RowOutcome] = field(default_factory=list)
    file_errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    applied: bool = False
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def errors(self) -> list[RowError]:
        row_errors = [error for outcome in self.outcomes for error in outcome.errors]
        return [*self.file_errors, *row_errors]

    @property
    def drafts(self) -> list[RowOutcome]:
        """Changed rows whose procedure has an unpublished draft or a moderation in progress."""
        return [o for o in self.outcomes if o.status == CHANGED and o.draft is not None]

    @property
    def ok(self) -> bool:
        """Whether the import can be (or was) applied: no file error and no invalid row."""
        return not self.file_errors and not self.count(INVALID)

    def as_json(self) -> dict[str, Any]:
        """The CLI's ``--json`` object."""
        return {
            "new": self.count(NEW),
            "updated": self.count(CHANGED),
            "unchanged": self.count(UNCHANGED),
            "invalid": self.count(INVALID),
            "errors": [error.as_dict() for error in self.errors],
            "drafts": [outcome.code for outcome in self.drafts],
        }


# --- lookups -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Lookups:
    """Departments, fields and decisions, loaded once per import (no query per row)."""

    departments_by_slug: dict[str, Department]
    departments_by_name: dict[str, Department]
    fields: dict[str, Field]
    decisions: dict[str, Decision]

    @classmethod
    def load(cls) -> _Lookups:
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


# --- validation ------------------------------------------------------------------------------


_URL = URLValidator()


def _nul_columns(row: ProcedureRow) -> list[str]:
    """Columns whose text holds a NUL character: PostgreSQL refuses it (``DataError``) and SQLite
    would store it silently, so it is a row error on both."""
    columns: list[str] = []
    texts: list[tuple[str, object]] = [
        (_COLUMN_OF.get(attr, attr), value) for attr, value in row.values.items()
    ]
    texts += [("field", row.field_name), ("department", row.department_slug), ("code", row.code)]
    texts += [("status_decision", row.status_decision), ("executing_agency", "\n".join(row.agencies))]
    texts += [(_COLUMN_OF.get(rel, rel), children) for rel, children in row.children.items()]
    texts.append(("decisions", row.decisions))
    for column, value in texts:
        parts = value if isinstance(value, tuple) else (value,)
        flat = [p for part in parts for p in (part if isinstance(part, tuple) else (part,))]
        if any(isinstance(p, str) and "\x00" in p for p in flat) and column not in columns:
            columns.append(column)
    return columns


def _row_validate(row: ProcedureRow) -> None:
    """Append to ``row.errors`` whatever would make the row fail to save."""
    for column in _nul_columns(row):
        row.error(column, "Ô chứa ký tự NUL (mã 0), không hợp lệ: hãy xuất lại tệp.")
    if not row.code:
        row.error("code", "Thiếu mã thủ tục.")
    elif len(row.code) > _MAX_LENGTHS["code"] or not _CODE.match(row.code):
        row.error("code", f"Mã thủ tục “{row.code}” không hợp lệ (chữ, số, . - /; tối đa 64 ký tự).")
    if "name" in row.values and not row.values["name"]:
        row.error("name", "Thiếu tên thủ tục.")
    for attr, choices in _CHOICES.items():
        if attr in row.values and row.values[attr] not in choices.values:
            row.error(attr, f"Giá trị “{row.values[attr]}” không hợp lệ.")
    url = row.values.get("source_url")
    if url:
        try:
            _URL(url)
            if len(url) > 500:
                raise ValidationError("too long")
        except ValidationError:
            row.error("source_url", f"Địa chỉ nguồn “{url[:80]}” không phải URL hợp lệ (tối đa 500 ký tự).")
    if row.field_name and len(row.field_name) > _MAX_LENGTHS["field"]:
        row.error("field", "Tên lĩnh vực dài quá 255 ký tự.")
    for link in row.decisions:
        if len(link.number) > _MAX_LENGTHS["decision"]:
            row.error("decisions", f"Số quyết định “{link.number[:40]}…” dài quá 100 ký tự.")
    if row.status_decision and len(row.status_decision) > _MAX_LENGTHS["decision"]:
        row.error("status_decision", "Số quyết định dài quá 100 ký tự.")
    for channel in row.children.get("channels", ()):
        if channel.kind not in ChannelKind.values:
            row.error("channels", f"Hình thức nộp “{channel.kind}” không hợp lệ.")
        if channel.time_limit_unit and channel.time_limit_unit not in TimeLimitUnit.values:
            row.error("channels", f"Đơn vị thời hạn “{channel.time_limit_unit}” không hợp lệ.")
        if channel.time_limit_value is not None and (
            channel.time_limit_value < 0 or channel.time_limit_value >= Decimal("1000000")
        ):
            row.error("channels", f"Thời hạn {channel.time_limit_value} không hợp lệ.")
        if channel.fee_amount is not None and channel.fee_amount < 0:
            row.error("channels", f"Phí {channel.fee_amount} không hợp lệ.")
    for document in row.children.get("documents", ()):
        if not document.name:
            row.error("documents", "Giấy tờ thiếu tên.")
        for count in (document.originals, document.copies):
            if count is not None and not 0 <= count <= _SMALLINT:
                row.error("documents", f"Số bản {count} không hợp lệ.")
    for legal in row.children.get("legal_documents", ()):
        if len(legal.code) > _MAX_LENGTHS["legal_code"]:
            row.error("legal_basis", f"Số, ký hiệu văn bản “{legal.code[:40]}…” dài quá 100 ký tự.")
    for step in row.children.get("steps", ()):
        if not step.text:
            row.error("steps", "Bước thiếu nội dung.")
        if len(step.time_share) > _MAX_LENGTHS["time_share"]:
            row.error("steps", "Thời gian của bước dài quá 100 ký tự.")


def _duplicates_mark(rows: list[ProcedureRow]) -> None:
    """Name both rows of every code that appears twice."""
    first: dict[str, ProcedureRow] = {}
    for row in rows:
        if not row.code:
            continue
        if row.code in first:
            other = first[row.code]
            message = f"Mã thủ tục {row.code} bị trùng: dòng {other.row} và dòng {row.row}."
            if not any(e.column == "code" and "trùng" in e.message for e in other.errors):
                other.error("code", message)
            row.error("code", message)
        else:
            first[row.code] = row


# --- comparing with the database ---------------------------------------------------------------


def _children_of(procedure: Procedure, relation: str) -> tuple[tuple, ...]:
    values_type = CHILD_TYPES[relation]
    return tuple(
        values_type(*(getattr(child, name) for name in values_type._fields))
        for child in getattr(procedure, relation).all()
    )


@dataclass(slots=True)
class _Plan:
    row: ProcedureRow
    procedure: Procedure | None
    status: str
    changed: list[str] = field(default_factory=list)
    field_obj: Field | str | None = None  # a Field, a name to create, or None (not provided / clear)
    department: Department | str | None = None
    status_decision: Decision | str | None = None
    links: list[DecisionLinkValues] = field(default_factory=list)  # to add or update
    draft: PendingDraft | None = None


def _existing_load(codes: list[str]) -> dict[str, Procedure]:
    found: dict[str, Procedure] = {}
    for start in range(0, len(codes), _CHUNK):
        queryset = Procedure.objects.filter(code__in=codes[start : start + _CHUNK]).prefetch_related(
            *CHILD_MODELS, "decision_links__decision"
        )
        found.update({p.code: p for p in queryset})
    return found


def _plan_row(
    row: ProcedureRow, procedure: Procedure | None, lookups: _Lookups, extra: DecisionLinkValues | None
) -> _Plan:
    plan = _Plan(row=row, procedure=procedure, status=NEW if procedure is None else UNCHANGED)
    changed = plan.changed
    for attr, value in row.values.items():
        if procedure is not None and getattr(procedure, attr) != value:
            changed.append(attr)
    # Field: by name; "" clears it (round-trip format only).
    if row.field_name is not None:
        wanted = lookups.fields.get(fold(row.field_name)) if row.field_name else None
        plan.field_obj = wanted if (wanted is not None or not row.field_name) else row.field_name
        if procedure is not None and (
            isinstance(plan.field_obj, str) or procedure.field_id != (wanted.pk if wanted else None)
        ):
            changed.append("field")
    # Department: by slug (round-trip) or matched from the executing agencies (national).
    department: Department | str | None = None
    provided = False
    if row.department_slug is not None:
        provided = True
        if row.department_slug:
            department = lookups.departments_by_slug.get(row.department_slug)
            if department is None:
                row.error("department", f"Không có cơ quan với mã (slug) “{row.department_slug}”.")
    elif row.agencies:
        found, to_create = lookups.department_for_agencies(row.agencies)
        department = found or to_create
        provided = department is not None
    if provided:
        plan.department = department
        current = procedure.department_id if procedure is not None else None
        if procedure is not None and (
            isinstance(department, str) or current != (department.pk if department else None)
        ):
            changed.append("department")
    # The decision that amended or repealed it.
    if row.status_decision is not None:
        number = row.status_decision
        plan.status_decision = (lookups.decisions.get(number) or number) if number else None
        current_number = (
            procedure.status_decision.number if procedure is not None and procedure.status_decision_id else ""
        )
        if procedure is not None and current_number != number:
            changed.append("status_decision")
    for relation in CHILD_MODELS:
        if (
            relation in row.children
            and procedure is not None
            and _children_of(procedure, relation) != row.children[relation]
        ):
            changed.append(relation)
    # Decision links: add missing ones, update action/note of listed ones; never remove.
    existing = {link.decision.number: link for link in procedure.decision_links.all()} if procedure else {}
    wanted_links = list({link.number: link for link in row.decisions}.values())
    if extra is not None and extra.number not in {link.number for link in wanted_links}:
        wanted_links.append(extra)
    for link in wanted_links:
        current_link = existing.get(link.number)
        if current_link is None or (
            (link is not extra) and (current_link.action, current_link.note) != (link.action, link.note)
        ):
            plan.links.append(link)
    if plan.links and procedure is not None:
        changed.append("decisions")
    if procedure is None and "name" not in row.values:
        row.error("name", "Thủ tục mới cần có tên.")
    if row.errors:
        plan.status = INVALID
    elif procedure is not None and changed:
        plan.status = CHANGED
    return plan


def procedure_rows_plan(
    *, rows: list[ProcedureRow], decision_number: str | None = None
) -> tuple[list[_Plan], list[str]]:
    """Validate every row and compare it with the database. Returns the plans and notes
    (departments, fields and decisions the import would create)."""
    for row in rows:
        _row_validate(row)
    _duplicates_mark(rows)
    lookups = _Lookups.load()
    existing = _existing_load([row.code for row in rows if row.code])
    extra = (
        DecisionLinkValues(text_clean(decision_number), DecisionAction.ADD, "") if decision_number else None
    )
    plans = [_plan_row(row, existing.get(row.code), lookups, extra) for row in rows]
    drafts = _pending_drafts([plan.procedure for plan in plans if plan.status == CHANGED and plan.procedure])
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


def _pending_drafts(procedures: list[Procedure]) -> dict[int, PendingDraft]:
    """The drafts and open moderations of these procedures, by procedure id (two queries a chunk)."""
    content_type = ContentType.objects.get_for_model(Procedure)
    drafts: dict[int, PendingDraft] = {}
    for start in range(0, len(procedures), _CHUNK):
        chunk = procedures[start : start + _CHUNK]
        draft_ids = {
            p.pk: p.latest_revision_id
            for p in chunk
            if p.has_unpublished_changes
            and p.latest_revision_id
            and p.latest_revision_id != p.live_revision_id
        }
        revisions = Revision.objects.select_related("user").defer("content").in_bulk(list(draft_ids.values()))
        for procedure_id, revision_id in draft_ids.items():
            revision = revisions.get(revision_id)
            if revision is not None:
                drafts[procedure_id] = PendingDraft(
                    procedure_id=procedure_id,
                    revision_id=revision.pk,
                    saved_by=get_user_display_name(revision.user) if revision.user else "",
                    saved_at=revision.created_at,
                )
        moderations = (
            WorkflowState.objects.active()
            .filter(base_content_type=content_type, object_id__in=[str(p.pk) for p in chunk])
            .select_related("workflow", "current_task_state__task")
        )
        for state in moderations:
            procedure_id = int(state.object_id)
            task = state.current_task_state.task.name if state.current_task_state else ""
            draft = drafts.setdefault(procedure_id, PendingDraft(procedure_id=procedure_id, revision_id=None))
            draft.workflow = " – ".join(part for part in (state.workflow.name, task) if part)
    return drafts


# --- applying ----------------------------------------------------------------------------------


def _resolve(plans: list[_Plan]) -> None:
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


def _assign(procedure: Procedure, plan: _Plan) -> list[str]:
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


def _publish(
    procedure_ids: list[int],
    new_ids: set[int],
    user: AbstractBaseUser | None,
    drafts: dict[int, int] | None = None,
) -> list[Procedure]:
    """Give each written procedure a revision (live and latest) and a history entry, in bulk.

    ``drafts`` maps procedures to an editor's draft revision to keep as the latest one."""
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(Procedure)
    procedures: list[Procedure] = []
    for start in range(0, len(procedure_ids), _CHUNK):
        procedures += list(
            Procedure.objects.filter(pk__in=procedure_ids[start : start + _CHUNK])
            .select_related("field", "department")
            .prefetch_related(*CHILD_MODELS)
        )
    user_id = user.pk if user is not None and user.is_authenticated else None
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=content_type,
                base_content_type=content_type,
                object_id=str(p.pk),
                created_at=now,
                user_id=user_id,
                object_str=str(p)[:2000],
                content=p.serializable_data(),
            )
            for p in procedures
        ],
        batch_size=_CHUNK,
    )
    if any(r.pk is None for r in revisions):  # databases that return no ids from bulk inserts
        by_object = {
            r.object_id: r
            for r in Revision.objects.filter(content_type=content_type, created_at=now).only(
                "id", "object_id"
            )
        }
        revisions = [by_object[str(p.pk)] for p in procedures]
    # One UPDATE for all rows: the revision of each procedure is found by a correlated subquery
    # (bulk_update's CASE per row and field took seconds for 600 rows).
    revision_of = Subquery(
        Revision.objects.filter(
            content_type=content_type, created_at=now, object_id=Cast(OuterRef("pk"), CharField())
        )
        .order_by("-pk")
        .values("pk")[:1]
    )
    for start in range(0, len(procedure_ids), _CHUNK):
        Procedure.objects.filter(pk__in=procedure_ids[start : start + _CHUNK]).update(
            live=True,
            has_unpublished_changes=False,
            last_published_at=now,
            latest_revision_id=revision_of,
            live_revision_id=revision_of,
        )
    entries = []
    for procedure, revision in zip(procedures, revisions, strict=True):
        label = str(procedure)[:2000]
        action = "wagtail.create" if procedure.pk in new_ids else "wagtail.edit"
        common = {
            "content_type": content_type,
            "object_id": str(procedure.pk),
            "label": label,
            "timestamp": now,
            "user_id": user_id,
            "revision": revision,
            "data": {"source": "import"},
        }
        entries.append(ModelLogEntry(action=action, content_changed=True, **common))
        entries.append(ModelLogEntry(action="wagtail.publish", content_changed=True, **common))
    ModelLogEntry.objects.bulk_create(entries, batch_size=_CHUNK)
    if drafts:
        _drafts_keep(drafts, now)
    return procedures


def _drafts_keep(drafts: dict[int, int], published_at: datetime) -> None:
    """Save each draft's content again as the procedure's newest revision, after the import's.

    Pointing ``latest_revision`` back at the old draft would not do: Wagtail decides what is
    newest by creation time (publishing, moderation, ``purge_revisions``), so the old draft would
    count as superseded and could be purged. The copy is one microsecond newer than the import's
    revision so every ordering by time agrees; the original draft stays in the history."""
    originals = Revision.objects.in_bulk(list(drafts.values()))
    kept_at = published_at + timedelta(microseconds=1)
    Revision.objects.bulk_create(
        [
            Revision(
                content_type_id=original.content_type_id,
                base_content_type_id=original.base_content_type_id,
                object_id=original.object_id,
                created_at=kept_at,
                user_id=original.user_id,  # the draft's content is the editor's, not the importer's
                object_str=original.object_str,
                content=original.content,
            )
            for original in (
                originals[revision_id] for revision_id in drafts.values() if revision_id in originals
            )
        ],
        batch_size=_CHUNK,
    )
    content_type = ContentType.objects.get_for_model(Procedure)
    newest = Subquery(
        Revision.objects.filter(
            base_content_type=content_type, object_id=Cast(OuterRef("pk"), CharField()), created_at=kept_at
        )
        .order_by("-pk")
        .values("pk")[:1]
    )
    ids = [procedure_id for procedure_id, revision_id in drafts.items() if revision_id in originals]
    for start in range(0, len(ids), _CHUNK):
        Procedure.objects.filter(pk__in=ids[start : start + _CHUNK]).update(
            latest_revision_id=newest, has_unpublished_changes=True
        )


def _index(procedures: list[Procedure]) -> None:
    """Bulk-update every auto-updating search backend (bulk writes fire no signals).

    ``procedures`` come from ``_publish`` with their steps and legal documents prefetched,
    which is what the indexed ``folded_body`` reads."""
    for start in range(0, len(procedures), _CHUNK):
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(Procedure, procedures[start : start + _CHUNK])


@transaction.atomic
def procedure_plans_apply(*, plans: list[_Plan], user: AbstractBaseUser | None = None) -> int:
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
    Procedure.objects.bulk_create(new_objects, batch_size=_CHUNK)
    if any(p.pk is None for p in new_objects):
        ids = dict(Procedure.objects.filter(code__in=[p.code for p in new_objects]).values_list("code", "pk"))
        for procedure in new_objects:
            procedure.pk = procedure.id = ids[procedure.code]
    if changed_objects and update_fields:
        update_fields.add("updated_at")
        for procedure in changed_objects:
            procedure.updated_at = now
        Procedure.objects.bulk_update(changed_objects, sorted(update_fields), batch_size=_CHUNK)
    # Child rows: replaced wholesale where they changed (or for new procedures).
    for relation, model in CHILD_MODELS.items():
        replace = [
            plan
            for plan in work
            if relation in plan.row.children and (plan.status == NEW or relation in plan.changed)
        ]
        stale = [plan.procedure.pk for plan in replace if plan.status == CHANGED]
        for start in range(0, len(stale), _CHUNK):
            model.objects.filter(procedure_id__in=stale[start : start + _CHUNK]).delete()
        children = [
            child
            for plan in replace
            for child in _children_build(plan.procedure, relation, plan.row.children[relation])
        ]
        model.objects.bulk_create(children, batch_size=_CHUNK)
    _links_apply(work)
    drafts = {
        plan.procedure.pk: plan.draft.revision_id for plan in work if plan.draft and plan.draft.revision_id
    }
    procedures = _publish([plan.procedure.pk for plan in work], {p.pk for p in new_objects}, user, drafts)
    _index(procedures)
    catalogue_changed_send(procedure_plans_apply, procedure_ids=[p.pk for p in procedures])
    return len(work)


def _links_apply(work: list[_Plan]) -> None:
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
    DecisionProcedure.objects.bulk_create(create, batch_size=_CHUNK)
    DecisionProcedure.objects.bulk_update(update, ["action", "note"], batch_size=_CHUNK)


# --- the whole pipeline --------------------------------------------------------------------------


def _outcomes(plans: list[_Plan], source: SourceRows) -> list[RowOutcome]:
    outcomes = [
        RowOutcome(
            row=plan.row.row,
            code=plan.row.code,
            name=plan.row.values.get("name") or (plan.procedure.name if plan.procedure else ""),
            status=plan.status,
            changed_fields=list(plan.changed) if plan.status == CHANGED else [],
            errors=list(plan.row.errors),
            label=plan.row.label,
            draft=plan.draft if plan.status == CHANGED else None,
        )
        for plan in plans
    ]
    outcomes += [
        RowOutcome(row=error.row, code="", name="", status=INVALID, errors=[error]) for error in source.errors
    ]
    outcomes.sort(key=lambda o: (o.row is None, o.row or 0))
    return outcomes


def procedure_rows_import(
    *,
    source: SourceRows,
    decision_number: str | None = None,
    dry_run: bool = False,
    user: AbstractBaseUser | None = None,
) -> ImportReport:
    """Validate, preview and (unless ``dry_run`` or any row is invalid) apply already-read rows."""
    started = time.perf_counter()
    report = ImportReport(format=source.format, notes=list(source.notes))
    if decision_number and len(text_clean(decision_number)) > _MAX_LENGTHS["decision"]:
        report.file_errors.append(RowError(None, "decision", "Số quyết định dài quá 100 ký tự."))
        return report
    plans, notes = procedure_rows_plan(rows=source.rows, decision_number=decision_number)
    report.notes += notes
    report.outcomes = _outcomes(plans, source)
    if not source.rows and not source.errors:
        report.file_errors.append(RowError(None, None, "Tệp không có thủ tục nào."))
    if report.ok and not dry_run:
        try:
            procedure_plans_apply(plans=plans, user=user)
        except OperationalError as error:  # another import holds SQLite's write lock
            if not database_busy(error):
                raise
            report.file_errors.append(RowError(None, None, busy_message()))
            return report
        report.applied = True
    report.seconds = time.perf_counter() - started
    return report


def procedures_import(
    *,
    path: Path | str,
    name: str | None = None,
    decision_number: str | None = None,
    dry_run: bool = False,
    user: AbstractBaseUser | None = None,
) -> ImportReport:
    """Import a file or folder in any supported format (see ``procedures.importers.sources``).

    Nothing is written when the file cannot be read, when any row is invalid, or on ``dry_run``;
    the report then is the preview.
    """
    started = time.perf_counter()
    try:
        source = source_read(Path(path), name=name)
    except ImportFileError as exc:
        return ImportReport(file_errors=exc.errors, seconds=time.perf_counter() - started)
    report = procedure_rows_import(source=source, decision_number=decision_number, dry_run=dry_run, user=user)
    report.seconds = time.perf_counter() - started
    return report
