"""Importing over an editor's unpublished draft or a moderation in progress: the import updates
the live version, the draft is kept as the latest revision, and the editor is warned first."""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import (
    GroupApprovalTask,
    Revision,
    Workflow,
    WorkflowContentType,
    WorkflowState,
    WorkflowTask,
)

from procedures.models import Procedure

pytestmark = pytest.mark.django_db

CSV = (
    "code,name,field\n"
    "1.000002,Đăng ký khai sinh,Hộ tịch\n"
    "1.000003,Cấp phiếu lý lịch tư pháp,Lý lịch tư pháp\n"
)


@pytest.fixture(autouse=True)
def _storage(tmp_path, settings):
    settings.IMPORT_STORAGE_DIR = tmp_path / "uploads"


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(
        username="lan", password="pw", first_name="Lan", last_name="Nguyễn Thị"
    )
    codenames = ["access_admin", "add_procedure", "change_procedure", "publish_procedure"]
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def _published(code: str, name: str, user) -> Procedure:
    procedure = Procedure.objects.create(code=code, name=name, live=True)
    procedure.save_revision(user=user).publish(user=user)
    return Procedure.objects.get(pk=procedure.pk)


def _draft(procedure: Procedure, name: str, user) -> Revision:
    """What the snippet editor's "Save draft" does: a new revision, the live row untouched."""
    procedure.name = name
    return procedure.save_revision(user=user)


def _csv(tmp_path: Path, text: str = CSV) -> Path:
    path = tmp_path / "catalogue.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _run_json(*args: str) -> dict:
    out = StringIO()
    call_command("import_procedures", *args, "--json", stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


@pytest.fixture
def catalogue(editor):
    """Two published procedures whose names the CSV changes; the second has a draft."""
    plain = _published("1.000002", "Đăng ký khai sinh (cũ)", editor)
    drafted = _published("1.000003", "Cấp phiếu lý lịch tư pháp (cũ)", editor)
    draft = _draft(drafted, "Cấp phiếu lý lịch tư pháp – bản nháp của biên tập viên", editor)
    return plain, drafted, draft


def test_import_updates_the_live_version_and_keeps_the_draft_as_the_latest_revision(tmp_path, catalogue):
    plain, drafted, draft = catalogue

    result = _run_json(str(_csv(tmp_path)))

    assert (result["updated"], result["drafts"]) == (2, ["1.000003"])
    drafted.refresh_from_db()
    # The public (live) version is the imported one…
    assert drafted.name == "Cấp phiếu lý lịch tư pháp"
    assert drafted.live_revision.as_object().name == "Cấp phiếu lý lịch tư pháp"
    # …and the editor still has the draft, as the newest revision, exactly as they left it.
    assert drafted.has_unpublished_changes
    assert (
        drafted.latest_revision.as_object().name == "Cấp phiếu lý lịch tư pháp – bản nháp của biên tập viên"
    )
    assert drafted.latest_revision.is_latest_revision()
    assert drafted.latest_revision.user == draft.user
    original = Revision.objects.get(pk=draft.pk)  # still there, in the history
    assert drafted.latest_revision.content == original.content
    # The procedure without a draft is simply published.
    plain.refresh_from_db()
    assert plain.name == "Đăng ký khai sinh"
    assert not plain.has_unpublished_changes
    assert plain.latest_revision_id == plain.live_revision_id


def test_the_editor_opens_the_draft_and_publishing_it_leaves_no_pending_changes(
    tmp_path, catalogue, client, editor
):
    _plain, drafted, _draft = catalogue
    _run_json(str(_csv(tmp_path)))
    client.force_login(editor)

    edit = client.get(reverse("wagtailsnippets_procedures_procedure:edit", args=[drafted.pk]))

    assert edit.status_code == 200
    assert "Cấp phiếu lý lịch tư pháp – bản nháp của biên tập viên" in edit.content.decode()
    drafted.refresh_from_db()
    drafted.latest_revision.publish(user=editor)
    drafted.refresh_from_db()
    assert drafted.name == "Cấp phiếu lý lịch tư pháp – bản nháp của biên tập viên"
    assert not drafted.has_unpublished_changes


def test_dry_run_lists_the_draft_and_changes_nothing(tmp_path, catalogue):
    _plain, drafted, draft = catalogue

    result = _run_json(str(_csv(tmp_path)), "--dry-run")

    assert (result["updated"], result["drafts"]) == (2, ["1.000003"])
    drafted.refresh_from_db()
    assert drafted.name == "Cấp phiếu lý lịch tư pháp (cũ)"
    assert drafted.latest_revision_id == draft.pk


def test_unchanged_procedure_with_a_draft_is_not_listed_and_keeps_its_draft(tmp_path, editor):
    procedure = _published("1.000003", "Cấp phiếu lý lịch tư pháp", editor)
    draft = _draft(procedure, "Bản nháp", editor)

    result = _run_json(str(_csv(tmp_path, "code,name\n1.000003,Cấp phiếu lý lịch tư pháp\n")))

    assert (result["unchanged"], result["drafts"]) == (1, [])
    procedure.refresh_from_db()
    assert procedure.latest_revision_id == draft.pk and procedure.has_unpublished_changes


def test_plain_output_warns_about_the_draft(tmp_path, catalogue):
    out, err = StringIO(), StringIO()

    call_command("import_procedures", str(_csv(tmp_path)), stdout=out, stderr=err)

    assert "updated: 2" in out.getvalue()
    warning = err.getvalue()
    assert "1 updated procedure(s) have an unpublished draft" in warning
    assert "kept as it is, not overwritten" in warning
    assert "1.000003 – Cấp phiếu lý lịch tư pháp (draft by Lan Nguyễn Thị" in warning
    assert "1.000002" not in warning


def _drafts_section(html: str) -> str:
    found = re.search(r'<section class="import-drafts".*?</section>', html, re.DOTALL)
    return found.group(0) if found else ""


def test_admin_preview_warns_about_the_draft_before_confirming(client, catalogue, editor):
    client.force_login(editor)
    upload = client.post(
        reverse("procedures_import"),
        {"file": SimpleUploadedFile("catalogue.csv", CSV.encode()), "decision": ""},
    )

    preview = client.get(upload["Location"]).content.decode()

    section = _drafts_section(preview)
    assert "Thủ tục có bản nháp chưa xuất bản (1)" in section
    assert "bản nháp được giữ nguyên, không bị ghi đè" in section
    assert "Bản nháp được lập trên phiên bản cũ" in section
    assert "1.000003" in section and "Lan Nguyễn Thị" in section
    assert "1.000002" not in section  # no draft, not listed
    assert "Xác nhận nhập" in preview  # the warning does not block the import

    confirmed = client.post(upload["Location"], follow=True).content.decode()

    assert "Đã giữ nguyên bản nháp chưa xuất bản của 1 thủ tục (1.000003)" in confirmed
    drafted = Procedure.objects.get(code="1.000003")
    assert drafted.name == "Cấp phiếu lý lịch tư pháp"
    assert (
        drafted.latest_revision.as_object().name == "Cấp phiếu lý lịch tư pháp – bản nháp của biên tập viên"
    )


def test_no_drafts_section_when_no_procedure_has_a_draft(client, editor):
    _published("1.000003", "Cấp phiếu lý lịch tư pháp (cũ)", editor)
    client.force_login(editor)
    upload = client.post(
        reverse("procedures_import"),
        {"file": SimpleUploadedFile("catalogue.csv", CSV.encode()), "decision": ""},
    )

    preview = client.get(upload["Location"]).content.decode()

    assert "Thay đổi" in preview and not _drafts_section(preview)


@pytest.fixture
def moderation(editor):
    """A one-step approval workflow on procedures and a procedure submitted to it."""
    moderators = Group.objects.create(name="Kiểm duyệt thủ tục")
    moderators.permissions.add(
        *Permission.objects.filter(codename__in=["change_procedure", "publish_procedure"])
    )
    task = GroupApprovalTask.objects.create(name="Duyệt nội dung")
    task.groups.add(moderators)
    workflow = Workflow.objects.create(name="Duyệt thủ tục")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowContentType.objects.create(
        workflow=workflow, content_type=ContentType.objects.get_for_model(Procedure)
    )
    procedure = _published("1.000003", "Cấp phiếu lý lịch tư pháp (cũ)", editor)
    _draft(procedure, "Cấp phiếu lý lịch tư pháp – gửi duyệt", editor)
    return workflow.start(procedure, editor)


def test_procedure_in_moderation_is_listed_and_approval_publishes_the_reviewed_draft(
    tmp_path, moderation, editor, django_user_model
):
    result = _run_json(str(_csv(tmp_path)))

    assert result["drafts"] == ["1.000003"]
    procedure = Procedure.objects.get(code="1.000003")
    assert procedure.name == "Cấp phiếu lý lịch tư pháp"
    state = WorkflowState.objects.get(pk=moderation.pk)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS  # the moderation goes on

    moderator = django_user_model.objects.create_user(username="duyet", password="pw")
    moderator.groups.add(Group.objects.get(name="Kiểm duyệt thủ tục"))
    state.current_task_state.approve(user=moderator)

    procedure.refresh_from_db()
    assert procedure.name == "Cấp phiếu lý lịch tư pháp – gửi duyệt"
    assert not procedure.has_unpublished_changes


def test_plain_output_names_the_moderation(tmp_path, moderation):
    err = StringIO()

    call_command("import_procedures", str(_csv(tmp_path)), "--dry-run", stdout=StringIO(), stderr=err)

    assert "in moderation: Duyệt thủ tục – Duyệt nội dung" in err.getvalue()
    assert "would be updated" in err.getvalue()
