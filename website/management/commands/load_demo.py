"""Load the deterministic demo: page tree, departments, catalogue, dossiers, notices."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from wagtail.models import Site

from procedures.demo import demo_catalogue_load, demo_departments_load
from procedures.demo_fields import demo_field_names_en_apply
from transparency.demo.apologies import demo_apologies_load
from transparency.demo.dossiers import demo_dossiers_load
from website.models import PortalSettings
from website.services import site_tree_ensure


class Command(BaseCommand):
    help = "Create the demo data (generated, clearly labelled). Running it twice changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        home = site_tree_ensure()
        site = Site.objects.get(root_page=home)
        portal_settings = PortalSettings.for_site(site)
        if not portal_settings.demo_notice:
            portal_settings.demo_notice = True
            portal_settings.address = "62 Hùng Vương, TP. Tam Kỳ, tỉnh Quảng Nam"
            portal_settings.save()
        self.stdout.write(f"departments: {demo_departments_load()} created or updated")
        self.stdout.write(f"procedures: {demo_catalogue_load()} created or updated")
        demo_field_names_en_apply()
        self.stdout.write(f"dossiers: {demo_dossiers_load()} created")
        self.stdout.write(f"apology notices: {demo_apologies_load()} created")
