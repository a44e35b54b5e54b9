"""The sample exports committed under demo/samples/ are what ``write_dossier_samples`` writes on the
demo catalogue, and every shape of them imports the same dossiers. Loads the demo catalogue."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from demo.catalogue import demo_catalogue_load
from demo.departments import demo_departments_load
from demo.samples import SAMPLE_FILES, demo_samples_build
from transparency.enums import DossierStatus, Outcome
from transparency.importers.pipeline import dossier_import_apply, dossier_import_check
from transparency.models import Dossier

SAMPLES = Path(__file__).resolve().parents[2] / "demo" / "samples"


def _sheet(path: Path) -> list[tuple]:
    workbook = load_workbook(path, read_only=True)
    try:
        return list(workbook.active.values)
    finally:
        workbook.close()


@pytest.mark.slow
def test_the_committed_samples_are_written_again_identically_and_import_as_the_same_dossiers(db, tmp_path):
    demo_departments_load()
    demo_catalogue_load()

    call_command("write_dossier_samples", str(tmp_path), stdout=io.StringIO())

    for name, _writer in SAMPLE_FILES:
        if name.endswith(".xlsx"):  # a workbook records when it was saved: compare the cells
            assert _sheet(tmp_path / name) == _sheet(SAMPLES / name), name
        else:
            assert (tmp_path / name).read_bytes() == (SAMPLES / name).read_bytes(), name

    first = dossier_import_apply(path=SAMPLES / "dossiers-opencps.json")
    assert (first.new, first.skipped, first.missing, first.errors) == (39, 1, 0, [])
    for name in ("dossiers-national.json", "dossiers.csv", "dossiers-opencps-list.xlsx"):
        again = dossier_import_check(path=SAMPLES / name)
        assert (again.new, again.updated, again.unchanged, again.errors) == (0, 0, 39, []), name

    # The spread the samples promise: every outcome, open dossiers on both sides of the limit.
    dossiers = demo_samples_build()
    assert all(d.code.startswith("MAU-") for d in dossiers)
    assert {d.opencps_code for d in dossiers} >= {
        "done",
        "releasing",
        "processing",
        "receiving",
        "waiting",
        "denied",
        "cancelled",
        "new",
    }
    stored = Dossier.objects.all()
    assert Counter(d.outcome for d in stored if d.status == DossierStatus.RESOLVED) == {
        Outcome.EARLY: 13,
        Outcome.ON_TIME: 6,
        Outcome.LATE: 5,
    }
    assert {d.channel for d in stored} == {"in_person", "online", "post"}
