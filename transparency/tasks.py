"""Background tasks (django-tasks): large dossier imports, so the editor can leave and come back."""

from __future__ import annotations

from django_tasks import task

from transparency.importers.runs import dossier_import_run_apply, dossier_import_run_check


@task()
def dossier_import_check_task(run_id: int) -> None:
    dossier_import_run_check(run_id=run_id)


@task()
def dossier_import_apply_task(run_id: int) -> None:
    dossier_import_run_apply(run_id=run_id)
