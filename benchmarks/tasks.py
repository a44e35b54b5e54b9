"""Benchmark-only data set-up, run in its own process against the database of ``DATABASE_URL``.

    DATABASE_URL=sqlite:///var/bench/x.sqlite3 .venv/bin/python benchmarks/tasks.py TASK [ARGS]

Tasks (each prints one JSON line with what it did and how long it took):

- ``catalogue``: page tree, demo departments and the 662 demo procedures, no dossiers;
- ``dossier_csv PATH ROWS [FROM]``: a deterministic one-stop-shop export of ROWS dossiers,
  valid against the demo catalogue (headers of ``import_dossiers``), written to PATH; with
  FROM (an ISO date), only dossiers received from that day on, like one month's export;
- ``dossier_national_json CSV PATH``: the same dossiers as the CSV written by ``dossier_csv``,
  as the national portal's sync records (``{"result": [...]}``, ``yyyyMMddHHmmss`` dates);
- ``dossiers_inflate TOTAL [history]``: copy the dossier rows with new codes (one
  ``INSERT … SELECT`` per copy) until there are TOTAL, the same dates or (``history``)
  each copy a year further back, then rebuild the statistics;
- ``procedures_clone TOTAL``: copy the procedures (with steps, channels, documents, legal
  basis and decision links) under new codes until there are TOTAL, and index the copies.

None of this is application code: it only makes large data sets cheaply.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

HEADERS = (
    "Mã hồ sơ",
    "Mã thủ tục",
    "Cơ quan",
    "Kênh",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Ngày trả kết quả",
    "Trạng thái",
    "Ngày hẹn lại",
    "Người nộp",
)
FIRST_DAY = dt.date(2019, 1, 1)
LAST_DAY = dt.date(2019, 11, 15)
CHANNEL_LABELS = {"in_person": "Trực tiếp", "online": "Trực tuyến", "post": "Bưu chính"}
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Phan", "Võ", "Đặng", "Bùi")
MIDDLE = ("Văn", "Thị", "Minh", "Hữu", "Ngọc", "Thanh", "Đức", "Quang")
GIVEN = ("An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Mai", "Nam", "Phúc", "Tâm", "Vy")


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")
    import django

    django.setup()


def catalogue_load() -> dict[str, Any]:
    """The page tree, departments and demo catalogue of ``load_demo``, without its dossiers."""
    from demo.catalogue import demo_catalogue_load
    from demo.departments import demo_departments_load
    from website.services import site_tree_ensure

    site_tree_ensure()
    demo_departments_load()
    return {"procedures": demo_catalogue_load()}


def _approx_due(received: dt.date, days: float) -> dt.date:
    """About ``days`` working days after ``received`` (weekends skipped, holidays ignored)."""
    day, left = received, max(0, round(days))
    while left:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def dossier_csv_write(
    *, path: Path, rows: int, seed: int = 2019, first_day: dt.date = FIRST_DAY
) -> dict[str, Any]:
    """Write ``rows`` generated dossiers of the demo catalogue's procedures to ``path`` (UTF-8 with BOM),
    received from ``first_day`` to ``LAST_DAY``.

    Deterministic for a given catalogue and seed. About 91% resolved (1.5% of them late,
    a third of those rescheduled once), the rest pending, returned for supplement,
    refused or withdrawn; a fifth of the rows (none rescheduled) leave the due date empty, so
    the import computes it in working days.
    """
    from procedures.enums import TimeLimitUnit
    from procedures.models import Channel, Procedure

    procedures = list(
        Procedure.objects.filter(live=True, department__isnull=False)
        .select_related("department")
        .order_by("code")
        .values_list("pk", "code", "department__name")
    )
    limits: dict[int, list[tuple[str, float]]] = {}
    for proc, kind, value, unit in Channel.objects.order_by("procedure_id", "sort_order").values_list(
        "procedure_id", "kind", "time_limit_value", "time_limit_unit"
    ):
        if unit == TimeLimitUnit.SAME_DAY:
            limits.setdefault(proc, []).append((kind, 0.0))
        elif value and unit:
            limit_days = float(value) / 8 if unit == TimeLimitUnit.HOURS else float(value)
            limits.setdefault(proc, []).append((kind, limit_days))
    if not procedures:
        raise RuntimeError("no procedures with a department: load the demo catalogue first")
    rng = random.Random(seed)
    days = [
        first_day + dt.timedelta(days=n)
        for n in range((LAST_DAY - first_day).days + 1)
        if (first_day + dt.timedelta(days=n)).weekday() < 5
    ]
    counts: dict[str, int] = {}
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for number in range(1, rows + 1):
            pk, code, department = procedures[rng.randrange(len(procedures))]
            own = limits.get(pk)
            kind, limit_days = own[rng.randrange(len(own))] if own else ("in_person", 10.0)
            roll = rng.random()
            # Open dossiers (pending, back for supplement) are mostly recent, as in a real export.
            recent = 0.91 <= roll < 0.98 and rng.random() < 0.8
            received_on = days[-1 - rng.randrange(20)] if recent else days[rng.randrange(len(days))]
            received_at = dt.datetime.combine(received_on, dt.time(7 + rng.randrange(9), rng.randrange(60)))
            due_on = _approx_due(received_on, limit_days)
            blank_due = bool(own) and rng.random() < 0.2
            resolved_on: dt.date | None = None
            rescheduled = ""
            if roll < 0.91:
                late = rng.random() < 0.015
                if late:
                    resolved_on = due_on + dt.timedelta(days=1 + rng.randrange(12))
                    if rng.random() < 0.33:
                        rescheduled = f"{due_on + dt.timedelta(days=1 + rng.randrange(5)):%d/%m/%Y}"
                elif rng.random() < 0.6 and due_on > received_on:
                    resolved_on = received_on + dt.timedelta(days=rng.randrange((due_on - received_on).days))
                else:
                    resolved_on = due_on
                status = "Đã giải quyết"
                if resolved_on > LAST_DAY:
                    resolved_on, rescheduled, status = None, "", "Đang giải quyết"
            elif roll < 0.96:
                status = "Đang giải quyết"
            elif roll < 0.98:
                status = "Bổ sung hồ sơ"
            elif roll < 0.99:
                status = "Từ chối"
                resolved_on = min(LAST_DAY, received_on + dt.timedelta(days=1 + rng.randrange(3)))
            else:
                status = "Rút hồ sơ"
            counts[status] = counts.get(status, 0) + 1
            resolved_text = ""
            if resolved_on is not None:
                resolved_at = dt.datetime.combine(
                    resolved_on, dt.time(8 + rng.randrange(9), rng.randrange(60))
                )
                resolved_text = f"{max(resolved_at, received_at + dt.timedelta(hours=1)):%d/%m/%Y %H:%M}"
            writer.writerow(
                (
                    f"BENCH-{received_on:%y%m%d}-{number:07d}",
                    code,
                    department,
                    CHANNEL_LABELS.get(kind, "Trực tiếp"),
                    f"{received_at:%d/%m/%Y %H:%M}",
                    "" if blank_due and not rescheduled else f"{due_on:%d/%m/%Y}",
                    resolved_text,
                    status,
                    rescheduled,
                    f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                )
            )
    return {"rows": rows, "bytes": path.stat().st_size, "statuses": counts}


def _shifted(column: str, field: Any, years: int, vendor: str) -> str:
    """SQL of a date or datetime column moved ``years`` years back (NULL stays NULL)."""
    from django.db import models

    if vendor == "sqlite":
        function = "datetime" if isinstance(field, models.DateTimeField) else "date"
        return f"{function}({column}, '-{years} years')"
    if isinstance(field, models.DateTimeField):
        return f"({column} - interval '{years} years')"
    return f"({column} - interval '{years} years')::date"


def dossiers_inflate(*, total: int, history: bool = False) -> dict[str, Any]:
    """Copy the existing dossiers under new codes (``<code>~<n>``) until there are ``total``;
    then rebuild the statistics as an import would.

    Copy n keeps the dates as they are (the same period, n times denser), or with
    ``history`` moves every date n years back, like the archive of past years.
    """
    from django.db import connection, models, transaction
    from django.utils import timezone

    from transparency.models import Dossier
    from transparency.services.statistics import statistics_refresh

    started = time.perf_counter()
    ops = connection.ops
    table = ops.quote_name(Dossier._meta.db_table)
    fields = [f for f in Dossier._meta.concrete_fields if not f.primary_key]
    quoted = [ops.quote_name(f.column) for f in fields]
    base = Dossier.objects.count()
    if not base:
        raise RuntimeError("no dossiers to copy")
    last_pk = Dossier.objects.order_by("-pk").values_list("pk", flat=True).first()
    copy = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # A large page cache keeps the nine indexes in memory while a million rows go in.
            cursor.execute("PRAGMA cache_size = -1000000")
        while (count := Dossier.objects.count()) < total:
            copy += 1
            selected = []
            for field, column in zip(fields, quoted, strict=True):
                if field.name == "code":
                    selected.append(f"{column} || %s")
                elif history and isinstance(field, models.DateField) and field.name != "updated_at":
                    selected.append(_shifted(column, field, copy, connection.vendor))
                else:
                    selected.append(column)
            sql = (
                f"INSERT INTO {table} ({', '.join(quoted)}) "  # noqa: S608 - names come from the model
                f"SELECT {', '.join(selected)} FROM {table} WHERE id <= %s ORDER BY id LIMIT %s"
            )
            cursor.execute(sql, [f"~{copy}", last_pk, min(base, total - count)])
    inserted_s = time.perf_counter() - started
    started = time.perf_counter()
    statistics_refresh(imported_at=timezone.now())
    return {
        "dossiers": Dossier.objects.count(),
        "insert_s": round(inserted_s, 1),
        "statistics_refresh_s": round(time.perf_counter() - started, 1),
    }


def _copy_values(obj: Any, *, skip: set[str]) -> dict[str, Any]:
    return {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if not f.primary_key and f.attname not in skip
    }


def procedures_clone(*, total: int) -> dict[str, Any]:
    """Copy the procedures with all their child rows under new codes (``<code>-<n>``) until there
    are ``total``, then add the copies to the search index."""
    from django.db import transaction
    from wagtail.search.backends import get_search_backends

    from procedures.models import Channel, DecisionProcedure, LegalDocument, Procedure, RequiredDocument, Step

    started = time.perf_counter()
    originals = list(
        Procedure.objects.order_by("code").prefetch_related(
            "steps", "channels", "documents", "legal_documents", "decision_links"
        )
    )
    children = (
        (Step, "steps"),
        (Channel, "channels"),
        (RequiredDocument, "documents"),
        (LegalDocument, "legal_documents"),
        (DecisionProcedure, "decision_links"),
    )
    skip = {"code", "latest_revision_id", "live_revision_id", "locked_by_id", "locked_at", "locked"}
    copy = 0
    created: list[Procedure] = []
    with transaction.atomic():
        while len(originals) + len(created) < total:
            copy += 1
            chunk = originals[: total - len(originals) - len(created)]
            clones = Procedure.objects.bulk_create(
                [Procedure(code=f"{p.code}-{copy}", **_copy_values(p, skip=skip)) for p in chunk],
                batch_size=500,
            )
            for model, related in children:
                model.objects.bulk_create(
                    [
                        model(procedure_id=clone.pk, **_copy_values(child, skip={"procedure_id"}))
                        for original, clone in zip(chunk, clones, strict=True)
                        for child in getattr(original, related).all()
                    ],
                    batch_size=1000,
                )
            created += clones
    copied_s = time.perf_counter() - started
    started = time.perf_counter()
    indexed = list(
        Procedure.objects.filter(pk__in=[c.pk for c in created]).prefetch_related("steps", "legal_documents")
    )
    for backend in get_search_backends():
        for start in range(0, len(indexed), 1000):
            backend.add_bulk(Procedure, indexed[start : start + 1000])
    return {
        "procedures": Procedure.objects.count(),
        "copy_s": round(copied_s, 1),
        "index_s": round(time.perf_counter() - started, 1),
    }


#: The generated CSV's statuses and channels as the national records code them.
_NATIONAL_STATUS = {
    "Đang giải quyết": 4,
    "Đã giải quyết": 10,
    "Bổ sung hồ sơ": 5,
    "Từ chối": 8,
    "Rút hồ sơ": 7,
}
_NATIONAL_CHANNEL = {"Trực tiếp": 1, "Trực tuyến": 2, "Bưu chính": 3}


def _compact(text: str) -> str:
    """``dd/mm/yyyy HH:MM`` as ``yyyyMMddHHmmss``, ``dd/mm/yyyy`` as ``yyyyMMdd``, ``""`` kept."""
    if not text:
        return ""
    if " " in text:
        return f"{dt.datetime.strptime(text, '%d/%m/%Y %H:%M'):%Y%m%d%H%M%S}"
    return f"{dt.datetime.strptime(text, '%d/%m/%Y'):%Y%m%d}"


def dossier_national_json_write(*, source: Path, path: Path) -> dict[str, Any]:
    """The dossiers of a ``dossier_csv`` file as national sync records, written to ``path``."""
    with source.open(encoding="utf-8-sig", newline="") as handle, path.open("w", encoding="utf-8") as out:
        reader = csv.reader(handle)
        next(reader)
        out.write('{"result": [')
        for number, (
            code,
            procedure,
            department,
            channel,
            received,
            due,
            resolved,
            status,
            _new,
            name,
        ) in enumerate(reader):
            record = {
                "MaHoSo": code,
                "MaTTHC": procedure,
                "DonViXuLy": department,
                "NgayTiepNhan": _compact(received),
                "NgayHenTra": _compact(due),
                "NgayKetThucXuLy": _compact(resolved),
                "NgayTra": _compact(resolved),
                "TrangThaiHoSo": _NATIONAL_STATUS[status],
                "KenhThucHien": _NATIONAL_CHANNEL[channel],
                "ChuHoSo": name,
            }
            out.write(("," if number else "") + "\n" + json.dumps(record, ensure_ascii=False))
        out.write("\n]}\n")
    return {"bytes": path.stat().st_size}


def main() -> None:
    task, *args = sys.argv[1:]
    django_setup()
    started = time.perf_counter()
    if task == "catalogue":
        result = catalogue_load()
    elif task == "dossier_csv":
        if len(args) > 2:  # one month's export: other dossiers than the seed-2019 file's
            first_day = dt.date.fromisoformat(args[2])
            result = dossier_csv_write(path=Path(args[0]), rows=int(args[1]), seed=2020, first_day=first_day)
        else:
            result = dossier_csv_write(path=Path(args[0]), rows=int(args[1]))
    elif task == "dossier_national_json":
        result = dossier_national_json_write(source=Path(args[0]), path=Path(args[1]))
    elif task == "dossiers_inflate":
        result = dossiers_inflate(total=int(args[0]), history="history" in args[1:])
    elif task == "procedures_clone":
        result = procedures_clone(total=int(args[0]))
    else:
        raise SystemExit(f"unknown task {task!r}")
    result["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
