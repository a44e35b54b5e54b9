"""Demo accounts for the two editorial roles, so moderation and per-department rights can be tried.

Each account gets exactly its role's rights through the groups the apology structure already
keeps (``transparency.services.apologies``): a department editor drafts and edits notices of
one department's section and cannot publish; a Centre lead approves (publishes) any notice.
Passwords are generated once and kept under ``var/`` (never committed), like the demo editor's.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from procedures.models import Department
from transparency.models.apologies import ApologyRegisterPage
from transparency.services.apologies import (
    LEADS_GROUP,
    apology_department_page_ensure,
    apology_editor_group_ensure,
    apology_workflow_ensure,
)

DEPARTMENT_EDITOR_USERNAME = "bientap-sxd"
DEPARTMENT_EDITOR_DEPARTMENT = "so-xay-dung"
MODERATOR_USERNAME = "kiemduyet"


@dataclass(frozen=True, slots=True)
class DemoAccount:
    role: str
    username: str
    password: str


def demo_password_get(*, name: str) -> str:
    """The password kept in ``var/<name>-password``, generated (and kept, mode 600) on first use."""
    secret_file = Path(settings.BASE_DIR) / "var" / f"{name}-password"
    if secret_file.exists():
        password = secret_file.read_text(encoding="utf-8").strip()
        if password:
            return password
    password = secrets.token_urlsafe(12)
    secret_file.parent.mkdir(parents=True, exist_ok=True)
    secret_file.write_text(password, encoding="utf-8")
    secret_file.chmod(0o600)
    return password


def _account_ensure(*, username: str, first_name: str, group: Group, password: str) -> None:
    """Create or reset the account with the role's group as its only source of rights."""
    user, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.invalid"}
    )
    user.first_name = first_name
    user.is_staff = False  # Wagtail's admin is reached through the group's "access admin" permission
    user.is_superuser = False
    user.is_active = True
    user.set_password(password)
    user.save()
    user.groups.set([group])
    user.user_permissions.clear()


def demo_roles_ensure() -> list[DemoAccount]:
    """Create (or reset) the demo department editor (Sở Xây dựng) and the demo Centre moderator.

    Needs the demo departments and the apology register (``load_demo``); raises
    ``LookupError`` with the reason otherwise.
    """
    register = ApologyRegisterPage.objects.first()
    department = Department.objects.filter(slug=DEPARTMENT_EDITOR_DEPARTMENT).first()
    if register is None or department is None:
        raise LookupError(
            f"No apology register or no department {DEPARTMENT_EDITOR_DEPARTMENT!r}: load the demo first."
        )
    section = apology_department_page_ensure(department=department, register=register)
    editors = apology_editor_group_ensure(section=section)
    apology_workflow_ensure(register=register)
    leads = Group.objects.get(name=LEADS_GROUP)

    accounts = [
        DemoAccount(
            f"department editor ({department.name})",
            DEPARTMENT_EDITOR_USERNAME,
            demo_password_get(name="demo-department-editor"),
        ),
        DemoAccount(
            "Centre moderator (approves notices)",
            MODERATOR_USERNAME,
            demo_password_get(name="demo-moderator"),
        ),
    ]
    _account_ensure(
        username=DEPARTMENT_EDITOR_USERNAME,
        first_name=f"Biên tập viên {department.name}",
        group=editors,
        password=accounts[0].password,
    )
    _account_ensure(
        username=MODERATOR_USERNAME,
        first_name="Lãnh đạo Trung tâm",
        group=leads,
        password=accounts[1].password,
    )
    return accounts
