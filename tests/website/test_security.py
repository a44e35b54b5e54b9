"""Security headers on public pages and the admin login lockout."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_public_pages_send_a_content_security_policy_without_inline_scripts(site_tree, client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_admin_is_left_out_of_the_policy_because_it_ships_inline_code(client):
    assert "Content-Security-Policy" not in client.get("/admin/login/")


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_admin_login_is_locked_after_repeated_failures(client):
    get_user_model().objects.create_user("lead", password="correct-horse-battery")
    for _ in range(3):
        client.post("/admin/login/", {"username": "lead", "password": "wrong"})
    locked = client.post("/admin/login/", {"username": "lead", "password": "correct-horse-battery"})
    assert locked.status_code == 429
    assert "Tạm khoá đăng nhập" in locked.text
    assert "_auth_user_id" not in client.session
