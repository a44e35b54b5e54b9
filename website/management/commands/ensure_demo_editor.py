"""Create the demo editor account and print its credentials."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from website.services import demo_editor_ensure


class Command(BaseCommand):
    help = "Create or reset the demo editor (password from ADMIN_PASSWORD or generated) and print it."

    def handle(self, *args: Any, **options: Any) -> None:
        username, password = demo_editor_ensure()
        self.stdout.write(f"Demo editor: user {username!r}, password {password!r}")
