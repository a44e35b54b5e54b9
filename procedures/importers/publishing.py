"""Publishing what an import wrote: revisions, history entries and the search index, in bulk."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import ModelLogEntry, Revision
from wagtail.search.backends import get_search_backends

from procedures.importers.drafts import drafts_keep
from procedures.importers.lookups import CHILD_MODELS, CHUNK
from procedures.models import Procedure


def procedures_publish(
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
    for start in range(0, len(procedure_ids), CHUNK):
        procedures += list(
            Procedure.objects.filter(pk__in=procedure_ids[start : start + CHUNK])
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
        batch_size=CHUNK,
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
    for start in range(0, len(procedure_ids), CHUNK):
        Procedure.objects.filter(pk__in=procedure_ids[start : start + CHUNK]).update(
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
    ModelLogEntry.objects.bulk_create(entries, batch_size=CHUNK)
    if drafts:
        drafts_keep(drafts, now)
    return procedures


def procedures_index(procedures: list[Procedure]) -> None:
    """Bulk-update every auto-updating search backend (bulk writes fire no signals).

    ``procedures`` come from ``procedures_publish`` with their steps and legal documents prefetched,
    which is what the indexed ``folded_body`` reads."""
    for start in range(0, len(procedures), CHUNK):
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(Procedure, procedures[start : start + CHUNK])
