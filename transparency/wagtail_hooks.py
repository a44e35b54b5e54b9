"""Admin: the dossier import (menu item and views)."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from transparency import views
from transparency.admin import apologies  # noqa: F401  (apology queue, draft action, dashboard panel)


@hooks.register("register_admin_urls")
def register_dossier_import_urls() -> list:
    return [
        path("ho-so/nhap/", views.dossier_import_index, name="transparency_dossier_import"),
        path("ho-so/nhap/<int:pk>/", views.dossier_import_detail, name="transparency_dossier_import_detail"),
        path(
            "ho-so/nhap/mau.csv", views.dossier_import_template, name="transparency_dossier_import_template"
        ),
    ]


class _ImportMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm("transparency.add_dossier")


@hooks.register("register_admin_menu_item")
def register_dossier_import_menu_item() -> MenuItem:
    return _ImportMenuItem(
        _("Nhập hồ sơ"), reverse("transparency_dossier_import"), icon_name="upload", order=900
    )
