"""Set-up shared by the search benchmarks: a throw-away database with real procedure texts."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def django_setup(database_url: str) -> None:
    """Point Django at a fresh database (SQLite file is recreated) and migrate it."""
    sys.path.insert(0, str(ROOT))
    if database_url.startswith("sqlite:///"):
        path = Path(database_url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in path.parent.glob(path.name + "*"):
            stale.unlink()
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")
    os.environ.pop("ELASTICSEARCH_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    if not database_url.startswith("sqlite"):
        call_command("flush", "--noinput", verbosity=0) if _migrated() else None
    call_command("migrate", "--noinput", verbosity=0)


def _migrated() -> bool:
    from django.db import connection

    return "procedures_procedure" in connection.introspection.table_names()


def catalogue_load(*, copies: int = 1) -> int:
    """The 272 reference records, then ``copies - 1`` more of each (codes suffixed), all indexed."""
    from wagtail.search.backends import get_search_backends

    from demo.departments import demo_departments_load
    from procedures.models import Department, LegalDocument, Procedure, Step
    from search.relevance.loader import reference_procedures_load

    demo_departments_load()
    originals = reference_procedures_load()
    for copy in range(1, copies):
        clones = [
            Procedure(
                code=f"{p.code}.{copy}",
                name=p.name,
                level=p.level,
                field=p.field,
                department=p.department,
                applicants=p.applicants,
                result=p.result,
                live=True,
            )
            for p in originals
        ]
        Procedure.objects.bulk_create(clones)
        Step.objects.bulk_create(
            Step(procedure=clone, text=step.text, sort_order=step.sort_order)
            for original, clone in zip(originals, clones, strict=True)
            for step in original.steps.all()
        )
        LegalDocument.objects.bulk_create(
            LegalDocument(procedure=clone, title=doc.title, sort_order=0)
            for original, clone in zip(originals, clones, strict=True)
            for doc in original.legal_documents.all()
        )
    everything = list(Procedure.objects.prefetch_related("steps", "legal_documents"))
    for backend in get_search_backends():
        backend.add_bulk(Procedure, everything)
        backend.add_bulk(Department, list(Department.objects.all()))
    return len(everything)


def relevance_catalogue_load() -> int:
    """What the relevance set is asked of: the reference records and the Ministry of Public
    Security's list, the demo catalogue (662 generated procedures) and departments, all indexed."""
    from wagtail.search.backends import get_search_backends

    from demo.catalogue import demo_catalogue_load
    from demo.departments import demo_departments_load
    from procedures.models import Department, Procedure
    from search.relevance.loader import reference_list_load, reference_procedures_load

    demo_departments_load()
    demo_catalogue_load()
    reference_procedures_load()
    reference_list_load()
    everything = list(Procedure.objects.prefetch_related("steps", "legal_documents"))
    for backend in get_search_backends():
        backend.add_bulk(Procedure, everything)
        backend.add_bulk(Department, list(Department.objects.all()))
    return len(everything)
