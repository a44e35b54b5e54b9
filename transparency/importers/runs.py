"""The admin's dossier import runs: an upload is checked (the preview), then confirmed and
imported; files too big to handle within a request are checked and imported by background
tasks (``transparency.tasks``), which report their progress on the run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Final

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from core.tabular.xlsx import XlsxRefused, sheet_data_rows, xlsx_open
from transparency.importers.columns import COLUMNS
from transparency.importers.pipeline import dossier_import_apply, dossier_import_check
from transparency.models import DossierImport

#: Files with more rows than this are imported by a background task from the admin.
BACKGROUND_ROWS: Final = 3000


def rows_estimate(path: Path) -> int:
    """How many data rows the file has, without parsing the rows (to choose a background task):
    an .xlsx's rows are counted in its sheet's XML, never taken from its ``<dimension>`` tag."""
    if path.suffix.lower() == ".xlsx":
        try:
            workbook, extent = xlsx_open(path, name=path.name)
        except XlsxRefused:
            return 0  # refused again, quickly, by the check itself
        try:
            return sheet_data_rows(extent, workbook.active)
        finally:
            workbook.close()
    # A JSON export may be one line: its records are counted by their dossier-number key.
    marker = (b'"dossierNo"', b'"MaHoSo"') if path.suffix.lower() == ".json" else (b"\n",)
    counts = [0] * len(marker)
    with path.open("rb") as handle:
        tail = b""
        while chunk := handle.read(1 << 20):
            block = tail + chunk
            for index, needle in enumerate(marker):
                counts[index] += block.count(needle)
            tail = block[-16:]  # a key cut between two reads is counted once, in the next block
            for index, needle in enumerate(marker):
                counts[index] -= tail.count(needle)
        for index, needle in enumerate(marker):
            counts[index] += tail.count(needle)
    return max(counts) if path.suffix.lower() == ".json" else max(0, counts[0] - 1)


def background_needed(path: Path, *, rows: int) -> bool:
    """Whether the admin checks and imports the file in a background task: more than
    ``BACKGROUND_ROWS`` rows, or (an .xlsx) more cells than that many rows of every column would
    hold, since reading time follows the cells and a few very wide rows are as slow as many."""
    if rows > BACKGROUND_ROWS:
        return True
    if path.suffix.lower() != ".xlsx":
        return False
    try:
        workbook, extent = xlsx_open(path, name=path.name)
    except XlsxRefused:
        return False  # refused again, quickly, by the check itself
    workbook.close()
    return extent.cells > BACKGROUND_ROWS * len(COLUMNS)


def _run_progress(run_id: int) -> Callable[[int], None]:
    def report(rows_done: int) -> None:
        DossierImport.objects.filter(pk=run_id).update(rows_done=rows_done)

    return report


def _run_fail(run_id: int, error: BaseException) -> None:
    message = str(error) or type(error).__name__
    DossierImport.objects.filter(pk=run_id).update(
        state=DossierImport.State.FAILED,
        message=gettext("Lần nhập bị dừng: %(error)s") % {"error": message[:1900]},
        finished_at=timezone.now(),
    )


def dossier_import_runs_expire() -> int:
    """Mark failed the runs still checking or importing ``IMPORT_RUN_TIMEOUT`` seconds after they
    were uploaded: their worker died (killed, out of memory, restarted) without saying so.
    Returns how many were marked."""
    cutoff = timezone.now() - dt.timedelta(seconds=settings.IMPORT_RUN_TIMEOUT)
    return DossierImport.objects.filter(
        state__in=(DossierImport.State.CHECKING, DossierImport.State.APPLYING), created_at__lt=cutoff
    ).update(
        state=DossierImport.State.FAILED,
        message=gettext(
            "Lần nhập không xong sau %(minutes)d phút: tiến trình xử lý đã dừng. Không có gì được ghi; "
            "hãy tải tệp lên lại."
        )
        % {"minutes": settings.IMPORT_RUN_TIMEOUT // 60},
        finished_at=timezone.now(),
    )


def dossier_import_run_check(*, run_id: int) -> None:
    """Check the uploaded file of an import run and store the preview (new/updated/unchanged/invalid)."""
    run = DossierImport.objects.get(pk=run_id)
    try:
        summary = dossier_import_check(path=Path(run.file.path), progress=_run_progress(run.pk))
    except BaseException as error:
        # Any failure ends the run visibly, not "checking" forever: also SystemExit, which is how
        # gunicorn stops a worker past its timeout. (A worker killed outright is caught by
        # ``dossier_import_runs_expire``.)
        _run_fail(run.pk, error)
        raise
    state = DossierImport.State.INVALID if summary.errors else DossierImport.State.CHECKED
    DossierImport.objects.filter(pk=run.pk).update(
        state=state, summary=summary.as_dict(), rows_total=summary.rows, rows_done=summary.rows
    )


def dossier_import_run_apply(*, run_id: int) -> None:
    """Import the checked file of an import run (one transaction) and record the result."""
    run = DossierImport.objects.get(pk=run_id)
    try:
        summary = dossier_import_apply(path=Path(run.file.path), progress=_run_progress(run.pk))
    except BaseException as error:  # see dossier_import_run_check
        _run_fail(run.pk, error)
        raise
    state = DossierImport.State.DONE if summary.written else DossierImport.State.INVALID
    DossierImport.objects.filter(pk=run.pk).update(
        state=state, result=summary.as_dict(), rows_done=summary.rows, finished_at=timezone.now()
    )
