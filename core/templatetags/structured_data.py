"""``{{ json_ld|json_ld }}``: a page's schema.org data as a JSON-LD script (no queries)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.safestring import SafeString

from core.structured_data import json_ld_script

register = template.Library()


@register.filter(name="json_ld")
def json_ld(data: Mapping[str, Any] | None) -> SafeString:
    return json_ld_script(data)
