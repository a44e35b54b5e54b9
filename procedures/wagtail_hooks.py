from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.signals import published
from wagtail.snippets.models import register_snippet

from procedures.admin_views import PERMISSION, ProcedureImportPreviewView, ProcedureImportView
from procedures.models import Procedure
from procedures.services import procedure_refresh_summary
from procedures.viewsets import CatalogueViewSetGroup

register_snippet(CatalogueViewSetGroup)


@hooks.register("register_admin_urls")
def register_import_urls() -> list[URLPattern]:
    return [
        path("procedures/import/", ProcedureImportView.as_view(), name="procedures_import"),
        path(
            "procedures/import/<str:token>/",
            ProcedureImportPreviewView.as_view(),
            name="procedures_import_preview",
        ),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(PERMISSION)


@hooks.register("register_settings_menu_item")
def register_import_menu_item() -> MenuItem:
    return ImportMenuItem(_("Nhập thủ tục"), reverse("procedures_import"), icon_name="upload", order=150)


def _summary_refresh_on_publish(sender: type, instance: Any, **kwargs: Any) -> None:
    """Keep the catalogue's denormalised time limit / free / channel columns in step with the
    channels an editor publishes (imports compute them themselves)."""
    if isinstance(instance, Procedure):
        procedure = Procedure.objects.prefetch_related("channels").get(pk=instance.pk)
        procedure_refresh_summary(procedure=procedure)


published.connect(_summary_refresh_on_publish, sender=Procedure, dispatch_uid="procedures_summary_on_publish")
