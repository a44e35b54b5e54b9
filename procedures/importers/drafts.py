"""Editors' unpublished work on procedures an import changes: found while planning, kept after
publishing (see ``procedures.importers.pipeline``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from wagtail.admin.utils import get_user_display_name
from wagtail.models import Revision, WorkflowState

from procedures.importers.lookups import CHUNK
from procedures.models import Procedure


@dataclass(slots=True)
class PendingDraft:
    """Editors' unpublished work on a procedure that an import changes: a draft (a revision newer
    than the live one) and/or a moderation in progress. The import keeps it as it is."""

    procedure_id: int
    revision_id: int | None  # the draft; None when only a moderation of the live version is open
    saved_by: str = ""
    saved_at: datetime | None = None
    workflow: str = ""  # "workflow – current task" while in moderation, else ""


def pending_drafts_load(procedures: list[Procedure]) -> dict[int, PendingDraft]:
    """The drafts and open moderations of these procedures, by procedure id (two queries a chunk)."""
    content_type = ContentType.objects.get_for_model(Procedure)
    drafts: dict[int, PendingDraft] = {}
    for start in range(0, len(procedures), CHUNK):
        chunk = procedures[start : start + CHUNK]
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


def drafts_keep(drafts: dict[int, int], published_at: datetime) -> None:
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
        batch_size=CHUNK,
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
    for start in range(0, len(ids), CHUNK):
        Procedure.objects.filter(pk__in=ids[start : start + CHUNK]).update(
            latest_revision_id=newest, has_unpublished_changes=True
        )
