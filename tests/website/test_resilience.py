"""Resilience: Redis down, an import killed mid-way, and upload limits on every import.

The first two run the real portal in subprocesses against a file-based SQLite database
(migrated once for the module), as a server or a cron job would.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from procedures.models import Procedure
from transparency.models import Dossier, DossierImport

ROOT = Path(__file__).resolve().parents[2]


# --- a migrated database file, shared by the subprocess tests ---------------------------------


def _migrations_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="module")
def migrated_db(tmp_path_factory) -> Path:
    """An empty migrated SQLite file, built once per set of migrations (migrate takes ~10 s)."""
    cached = Path(tempfile.gettempdir()) / f"portal-migrated-{_migrations_digest()}.sqlite3"
    if not cached.exists():
        building = tmp_path_factory.mktemp("db") / "template.sqlite3"
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=_env(building),
            check=True,
            timeout=300,
        )
        with sqlite3.connect(building) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy(building, cached)
    return cached


def _env(db: Path, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.dev",
        "DATABASE_URL": f"sqlite:///{db}",
        "ALLOWED_HOSTS": "testserver",
        "REDIS_URL": "",
        "ELASTICSEARCH_URL": "",
    }
    env.update(extra)
    return env


def _copy(template: Path, target: Path) -> Path:
    shutil.copy(template, target)
    return target


def _python(script: str, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


# --- Redis down -------------------------------------------------------------------------------

REDIS_DOWN_PROBE = """
import django, json, time
django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
# A fresh checkout has no collected static files (no manifest): serve them unhashed.
override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
from website.services import site_tree_ensure
from tests.factories import ProcedureFactory
site_tree_ensure()
ProcedureFactory(code="1.000001", name="Cấp phiếu lý lịch tư pháp")
client = Client(raise_request_exception=False)
paths = ["/", "/thu-tuc/", "/thu-tuc/1.000001/", "/thong-ke/", "/tim-kiem/?q=ly+lich", "/api/v1/procedures",
         "/xin-loi/feed/", "/thong-ke/tai-ve.csv/"]
started = time.perf_counter()
statuses = {path: [client.get(path).status_code for _ in range(2)] for path in paths}
search = [client.get("/tim-kiem/?q=a").status_code for _ in range(62)]
print(json.dumps({
    "backend": settings.CACHES["default"]["BACKEND"],
    "statuses": statuses,
    "search_burst": sorted(set(search)),
    "x_cache": client.get("/thu-tuc/").get("X-Cache"),
    "health": client.get("/healthz").json(),
    "seconds": time.perf_counter() - started,
}))
"""


def test_with_redis_down_the_site_serves_uncached_unlimited_and_says_so_in_the_log(migrated_db, tmp_path):
    db = _copy(migrated_db, tmp_path / "redis_down.sqlite3")
    env = _env(
        db,
        REDIS_URL="redis://127.0.0.1:9/0",  # nothing listens on the discard port
        RATELIMIT_ENABLE="true",
        RATE_LIMIT_SEARCH="60/m",
        PAGE_CACHE_ENABLED="true",
    )
    result = _python(REDIS_DOWN_PROBE, env)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["backend"] == "django_redis.cache.RedisCache"
    for path, statuses in report["statuses"].items():
        assert statuses == [200, 200], path
    assert report["search_burst"] == [200]  # limits fail open rather than refusing everyone
    assert report["x_cache"] is None  # cache bypassed
    assert report["health"]["status"] == "degraded"
    assert report["health"]["checks"]["database"]["status"] == "ok"
    assert report["health"]["checks"]["cache"]["status"] == "error"
    assert "cache unavailable" in result.stderr


# --- an import killed mid-way -----------------------------------------------------------------

SEED = """
import django
django.setup()
from decimal import Decimal
from tests.factories import ChannelFactory, DepartmentFactory, ProcedureFactory
justice = DepartmentFactory(name="Sở Tư pháp", short_name="STP", slug="so-tu-phap")
building = DepartmentFactory(name="Sở Xây dựng", short_name="SXD", slug="so-xay-dung")
for n in range(20):
    ProcedureFactory(code=f"1.{n:06d}", department=justice if n % 2 else building)
"""
HEADER = [
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
]


def _dossier_csv(path: Path, rows: int, *, resolved: bool) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(rows):
            day = 1 + n % 27
            month = 1 + (n // 27) % 12
            writer.writerow(
                [
                    f"KILL-{n:06d}",
                    f"1.{n % 20:06d}",
                    "STP" if n % 20 % 2 else "SXD",
                    ("Trực tiếp", "Trực tuyến", "Bưu chính")[n % 3],
                    f"{day:02d}/{month:02d}/2019 09:00",
                    f"{day:02d}/{month:02d}/2020",
                    f"{day:02d}/{month:02d}/2020 10:00" if resolved and n % 4 else "",
                    "Đã giải quyết" if resolved and n % 4 else "Đang giải quyết",
                    "",
                    "Nguyễn Văn An",
                ]
            )
    return path


def _fingerprint(db: Path) -> dict[str, object]:
    with sqlite3.connect(db) as conn:
        result: dict[str, object] = {}
        for table, order in (
            ("transparency_dossier", "code"),
            ("transparency_dossiermonthstat", "month, department_id, procedure_id, field_id"),
            ("transparency_statisticscoverage", "id"),
        ):
            rows = conn.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()  # noqa: S608
            result[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
        result["integrity"] = conn.execute("PRAGMA integrity_check").fetchone()[0]
    return result


def _writer_holds_lock(db: Path) -> bool:
    """True while another connection holds the write lock (the import's transaction is open)."""
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return True
    else:
        conn.execute("ROLLBACK")
        return False
    finally:
        conn.close()


def test_an_import_killed_while_writing_leaves_the_database_exactly_as_before(migrated_db, tmp_path):
    db = _copy(migrated_db, tmp_path / "kill.sqlite3")
    env = _env(db)
    seeded = _python(SEED, env)
    assert seeded.returncode == 0, seeded.stderr[-3000:]
    # Some dossiers already there: the big file updates them and adds many more.
    first = _dossier_csv(tmp_path / "first.csv", 500, resolved=False)
    subprocess.run(
        [sys.executable, "manage.py", "import_dossiers", str(first)],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    before = _fingerprint(db)
    assert before["transparency_dossier"][0] == 500

    wal = Path(f"{db}-wal")
    killed_while_writing = False
    for rows in (20_000, 40_000, 80_000):
        big = _dossier_csv(tmp_path / f"big-{rows}.csv", rows, resolved=True)
        process = subprocess.Popen(
            [sys.executable, "manage.py", "import_dossiers", str(big)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wal_start = wal.stat().st_size if wal.exists() else 0
        deadline = time.monotonic() + 120
        while process.poll() is None and time.monotonic() < deadline:
            # Kill once the write transaction is open and rows are reaching the WAL.
            if _writer_holds_lock(db) and wal.exists() and wal.stat().st_size > wal_start + 512 * 1024:
                process.send_signal(signal.SIGKILL)
                killed_while_writing = True
                break
            time.sleep(0.02)
        process.wait(timeout=30)
        if killed_while_writing:
            assert process.returncode == -signal.SIGKILL
            break
        # The import finished before a kill landed in its write phase: start again, bigger.
        db = _copy(migrated_db, tmp_path / f"kill-{rows}.sqlite3")
        env = _env(db)
        wal = Path(f"{db}-wal")
        assert _python(SEED, env).returncode == 0
        subprocess.run(
            [sys.executable, "manage.py", "import_dossiers", str(first)],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=120,
        )
        before = _fingerprint(db)
    assert killed_while_writing, "the import always finished before it could be killed mid-write"

    after = _fingerprint(db)
    assert after == before
    assert after["integrity"] == "ok"
    # The database still takes the same import afterwards.
    rerun = subprocess.run(
        [sys.executable, "manage.py", "import_dossiers", str(first), "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert json.loads(rerun.stdout)["unchanged"] == 500


# --- upload size and type limits on every import -----------------------------------------------


@pytest.fixture
def editor(db, client, django_user_model):
    admin = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(admin)
    return client


@pytest.fixture
def media_on_disk(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


PROCEDURE_CSV = (
    b"code,name,field\n1.999001,Th\xe1\xbb\xa7 t\xe1\xbb\xa5c m\xe1\xbb\x9bi,H\xe1\xbb\x99 t\xe1\xbb\x8bch\n"
)


def test_procedure_upload_over_the_size_limit_is_refused_with_the_limit_and_nothing_changes(
    editor, settings, media_on_disk
):
    settings.IMPORT_MAX_UPLOAD_SIZE = 40
    response = editor.post(
        "/admin/procedures/import/", {"file": SimpleUploadedFile("catalogue.csv", PROCEDURE_CSV)}
    )
    assert response.status_code == 200
    assert "Tệp quá lớn" in response.text
    assert "40" in response.text  # the limit is named
    assert Procedure.objects.count() == 0


def test_procedure_upload_of_a_wrong_type_is_refused_and_nothing_changes(editor, media_on_disk):
    response = editor.post(
        "/admin/procedures/import/", {"file": SimpleUploadedFile("catalogue.exe", PROCEDURE_CSV)}
    )
    assert response.status_code == 200
    assert "không được hỗ trợ" in response.text
    assert Procedure.objects.count() == 0


def test_procedure_command_refuses_a_file_over_the_limit_and_of_a_wrong_type(db, settings, tmp_path):
    settings.IMPORT_MAX_UPLOAD_SIZE = 40
    big = tmp_path / "catalogue.csv"
    big.write_bytes(PROCEDURE_CSV)
    with pytest.raises((CommandError, SystemExit)):
        call_command("import_procedures", str(big), stdout=StringIO(), stderr=StringIO())
    settings.IMPORT_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
    wrong = tmp_path / "catalogue.pdf"
    wrong.write_bytes(PROCEDURE_CSV)
    with pytest.raises((CommandError, SystemExit)):
        call_command("import_procedures", str(wrong), stdout=StringIO(), stderr=StringIO())
    assert Procedure.objects.count() == 0


def test_procedure_size_limit_message_names_size_and_limit(settings, tmp_path):
    from core.tabular.errors import ImportFileError
    from procedures.importers.sources import source_read

    settings.IMPORT_MAX_UPLOAD_SIZE = 40
    big = tmp_path / "catalogue.csv"
    big.write_bytes(PROCEDURE_CSV)
    with pytest.raises(ImportFileError) as error:
        source_read(big)
    assert "quá lớn" in str(error.value.errors[0].message if hasattr(error.value, "errors") else error.value)


def test_dossier_upload_of_a_wrong_type_is_refused_and_nothing_changes(editor, media_on_disk):
    response = editor.post(
        "/admin/ho-so/nhap/", {"file": SimpleUploadedFile("export.pdf", b"%PDF-1.4")}, follow=True
    )
    assert response.status_code == 200
    assert "chỉ nhận .csv, .xlsx hoặc .json" in response.text
    assert DossierImport.objects.count() == 0
    assert Dossier.objects.count() == 0


def test_dossier_upload_over_the_size_limit_is_refused_and_nothing_changes(editor, settings, media_on_disk):
    settings.IMPORT_MAX_UPLOAD_SIZE = 40
    data = ("Mã hồ sơ,Mã thủ tục\n" + "H1-0001,1.000001\n" * 10).encode()
    response = editor.post(
        "/admin/ho-so/nhap/", {"file": SimpleUploadedFile("export.csv", data)}, follow=True
    )
    assert DossierImport.objects.count() == 0
    assert "quá lớn" in response.text
    assert f"{len(data)}\xa0byte" in response.text and "40\xa0byte" in response.text  # size and limit
    assert Dossier.objects.count() == 0


def test_dossier_command_refuses_a_file_over_the_limit(db, settings, tmp_path):
    settings.IMPORT_MAX_UPLOAD_SIZE = 40
    path = tmp_path / "export.csv"
    path.write_text(
        ",".join(HEADER) + "\n" + "H1-0001,1.000001,STP,Trực tiếp,04/03/2019,,,Đang giải quyết,,\n"
    )
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_dossiers", str(path), stdout=out, stderr=out)
    assert "quá lớn" in str(error.value)
