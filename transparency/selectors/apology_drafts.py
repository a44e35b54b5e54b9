"""Reads for notices in progress: the "Bản nháp" list and the queue's "đang soạn bởi …" marks.

A dossier keeps its place in the editors' queue while its notice is unpublished, so the
queue and the draft list must say who is writing it and whether it waits for a Centre lead,
in the same number of queries whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import CharField, Exists, OuterRef, QuerySet
from django.db.models.functions import Cast
from wagtail.models import Page, WorkflowState

from transparency.models.apologies import ApologyNoticePage
from transparency.selectors.apologies import apology_user_departments

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

DRAFTS_PAGE_SIZE = 50


def in_moderation_exists(notice_pk: str) -> Exists:
    """Whether the notice whose pk is at ``notice_pk`` (an ``OuterRef`` path) waits in a workflow."""
    return Exists(
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id=Cast(OuterRef(notice_pk), output_field=CharField()),
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
    )


def apology_drafts_for_user(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[ApologyNoticePage]:
    """Every unpublished notice of the departments ``user`` may write for, last edited first."""
    departments = apology_user_departments(user=user)
    notices = ApologyNoticePage.objects.filter(live=False)
    if departments is not None:
        notices = notices.filter(department__in=departments)
    notices = (
        notices.select_related("dossier", "department", "owner", "latest_revision__user")
        .annotate(in_moderation=in_moderation_exists("pk"))
        .order_by("-latest_revision_created_at", "-pk")
    )
    # Wagtail is untyped: its page manager gives Any, though these are notices.
    return cast("QuerySet[ApologyNoticePage]", notices)


@dataclass(frozen=True, slots=True)
class ApologyDrafts:
    page: PaginatorPage[ApologyNoticePage]
    count: int


def apology_drafts_get(*, user: AbstractBaseUser | AnonymousUser, data: dict[str, str]) -> ApologyDrafts:
    """One page of the "Bản nháp" list."""
    paginator = Paginator(apology_drafts_for_user(user=user), DRAFTS_PAGE_SIZE)
    page = paginator.get_page(data.get("page"))
    return ApologyDrafts(page=page, count=paginator.count)
