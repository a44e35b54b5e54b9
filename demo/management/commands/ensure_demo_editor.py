"""Create the demo accounts (superuser, department editor, Centre moderator) and print their credentials."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from demo.roles import demo_roles_ensure
from website.services import demo_editor_ensure


class Command(BaseCommand):
    help = (
        "Create or reset the demo editor, a superuser (password from ADMIN_PASSWORD or generated), "
        "and the demo department editor and Centre moderator (passwords generated and kept under var/); "
        "print them."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        username, password = demo_editor_ensure()
        self.stdout.write(f"Demo editor (superuser): user {username!r}, password {password!r}")
        try:
            accounts = demo_roles_ensure()
        except LookupError as error:
            self.stderr.write(f"Demo roles not created: {error}")
            return
        for account in accounts:
            credentials = f"user {account.username!r}, password {account.password!r}"
            self.stdout.write(f"Demo {account.role}: {credentials}")
