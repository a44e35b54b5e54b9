"""Keep ``Dossier.has_apology`` in step with published notices (and the statistics with it)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail.signals import page_published, page_unpublished

from procedures.models import Department
from transparency.models.apologies import ApologyNoticePage


def _sync(instance: ApologyNoticePage) -> None:
    from transparency.services.apologies import apology_flags_sync

    apology_flags_sync(dossier_ids=[instance.dossier_id] if instance.dossier_id else [])


def notice_published(sender: Any, instance: ApologyNoticePage, **kwargs: Any) -> None:
    _sync(instance)


def notice_unpublished(sender: Any, instance: ApologyNoticePage, **kwargs: Any) -> None:
    _sync(instance)


def notice_deleted(sender: Any, instance: ApologyNoticePage, **kwargs: Any) -> None:
    _sync(instance)


def department_created(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    """A new department gets its register section and editor group (once the register exists)."""
    if not created or raw:
        return
    from transparency.models.apologies import ApologyRegisterPage
    from transparency.services.apologies import apology_department_page_ensure, apology_editor_group_ensure

    register = ApologyRegisterPage.objects.first()
    if register is not None:
        section = apology_department_page_ensure(department=instance, register=register)
        apology_editor_group_ensure(section=section)


def mapping_defaults(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """After ``migrate`` (and a test database's flush), a source without code tables gets the defaults."""
    from transparency.services.mappings import mapping_defaults_ensure

    mapping_defaults_ensure(using=using)


def register_signal_handlers() -> None:
    post_migrate.connect(
        mapping_defaults, sender=apps.get_app_config("transparency"), dispatch_uid="mapping_defaults"
    )
    post_save.connect(department_created, sender=Department, dispatch_uid="apology_department_created")
    page_published.connect(notice_published, sender=ApologyNoticePage, dispatch_uid="apology_published")
    page_unpublished.connect(notice_unpublished, sender=ApologyNoticePage, dispatch_uid="apology_unpublished")
    post_delete.connect(notice_deleted, sender=ApologyNoticePage, dispatch_uid="apology_deleted")
