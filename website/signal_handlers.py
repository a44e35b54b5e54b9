"""Start a new content generation (see ``website.caching``) whenever public data changes.

Row-level signals cover editors' saves and deletions; imports write in bulk (no per-row
signals) and announce it with ``core.signals`` (catalogue or dossiers changed). Each bump
waits for the commit.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

from core.signals import catalogue_changed, dossiers_changed
from procedures.models import CalendarOverride, Decision, Department, Field, Procedure
from transparency.models import Dossier, StatisticsCoverage
from website.caching import content_changed
from website.models import PortalSettings


def data_changed(sender: Any, **kwargs: Any) -> None:
    content_changed()


def page_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, Page):
        content_changed()


def register_signal_handlers() -> None:
    for model in (Procedure, Decision, Department, Field, CalendarOverride, Dossier, StatisticsCoverage):
        uid = f"page_cache_{model._meta.label_lower}"
        post_save.connect(data_changed, sender=model, dispatch_uid=f"{uid}_saved")
        post_delete.connect(data_changed, sender=model, dispatch_uid=f"{uid}_deleted")
    # The footer (every page) shows the Centre's settings; the sites decide how addresses route;
    # a view restriction must take a page out of the public cache at once.
    for model in (PortalSettings, Site, PageViewRestriction):
        uid = f"page_cache_{model._meta.label_lower}"
        post_save.connect(data_changed, sender=model, dispatch_uid=f"{uid}_saved")
        post_delete.connect(data_changed, sender=model, dispatch_uid=f"{uid}_deleted")
    post_delete.connect(page_deleted, dispatch_uid="page_cache_page_deleted")
    catalogue_changed.connect(data_changed, dispatch_uid="page_cache_catalogue_changed")
    dossiers_changed.connect(data_changed, dispatch_uid="page_cache_dossiers_changed")
    for signal, name in (
        (page_published, "page_published"),
        (page_unpublished, "page_unpublished"),
        (post_page_move, "page_moved"),
        (page_slug_changed, "page_slug_changed"),
        (published, "snippet_published"),
        (unpublished, "snippet_unpublished"),
    ):
        signal.connect(data_changed, dispatch_uid=f"page_cache_{name}")
