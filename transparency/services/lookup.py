"""Writes of the citizens' look-up: the limits on guessing and the daily counts editors see."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_ratelimit.core import get_usage

from core.clients import client_ip
from transparency.models.lookups import LookupDay

logger = logging.getLogger("portal")


def lookup_retry_after(*, request: HttpRequest, code: str) -> int | None:
    """Count one try of ``code`` from this client; the seconds to wait when either limit is
    reached (``PORTAL_RATE_LIMITS["lookup"]`` per client address, ``["lookup_code"]`` per dossier
    code whatever the address), else ``None``. The code is counted by its keyed digest, never
    kept in clear; a failing cache lets the try through (the limits protect, never break)."""
    code_key = salted_hmac("transparency.lookup.limit", code, algorithm="sha256").hexdigest()
    limits = (
        (
            "portal:lookup",
            settings.PORTAL_RATE_LIMITS.get("lookup"),
            lambda group, request: client_ip(request),
        ),
        (
            "portal:lookup-code",
            settings.PORTAL_RATE_LIMITS.get("lookup_code"),
            lambda group, request: code_key,
        ),
    )
    waits: list[int] = []
    for group, rate, key in limits:
        if not rate:
            continue
        try:
            usage = get_usage(request, group=group, key=key, rate=rate, method="POST", increment=True)
        except Exception as error:  # a cache outage must not refuse every citizen
            logger.warning("look-up limit not counted: %s", error)
            continue
        if usage is not None and usage["should_limit"]:
            waits.append(max(1, int(usage["time_left"])))
    return max(waits) if waits else None


def lookup_count(*, outcome: str) -> None:
    """Add one look-up to today's counts: ``found``, ``not_found`` or ``limited``."""
    if outcome not in ("found", "not_found", "limited"):
        raise ValueError(outcome)
    today = timezone.localdate()
    try:
        updated = LookupDay.objects.filter(day=today).update(**{outcome: F(outcome) + 1})
        if not updated:
            day, created = LookupDay.objects.get_or_create(day=today, defaults={outcome: 1})
            if not created:
                LookupDay.objects.filter(pk=day.pk).update(**{outcome: F(outcome) + 1})
    except DatabaseError as error:  # a busy database must not cost the citizen the answer
        logger.warning("look-up not counted: %s", error)
