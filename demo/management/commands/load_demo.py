"""Load the deterministic demo: page tree, departments, catalogue, dossiers, notices."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from demo.apologies import demo_apologies_load
from demo.catalogue import demo_catalogue_load
from demo.departments import demo_departments_load
from demo.dossiers import demo_dossiers_load
from demo.fields import demo_field_names_en_apply
from demo.site import demo_site_ensure


class Command(BaseCommand):
    help = "Create the demo data (generated, clearly labelled). Running it twice changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        demo_site_ensure()
        self.stdout.write(f"departments: {demo_departments_load()} created or updated")
        self.stdout.write(f"procedures: {demo_catalogue_load()} created or updated")
        demo_field_names_en_apply()
        self.stdout.write(f"dossiers: {demo_dossiers_load()} created")
        self.stdout.write(f"apology notices: {demo_apologies_load()} created")
