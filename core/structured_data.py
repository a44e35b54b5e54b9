"""Structured data (schema.org JSON-LD) written into a page safely.

The JSON goes inside ``<script type="application/ld+json">``: ``<``, ``>`` and ``&`` are written
as ``\\u003C``… escapes (as Django's ``json_script`` does), so a procedure name holding
``</script>`` cannot close the element, and the JSON a crawler reads is unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

SCHEMA_ORG = "https://schema.org"
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def without_empty(value: Any) -> Any:
    """``value`` with the keys whose value is None, "" or an empty list/object left out (recursively):
    structured data states what is known, never an empty claim."""
    if isinstance(value, Mapping):
        cleaned = {key: without_empty(item) for key, item in value.items()}
        return {key: item for key, item in cleaned.items() if item not in (None, "", [], {})}
    if isinstance(value, list | tuple):
        items = [without_empty(item) for item in value]
        return [item for item in items if item not in (None, "", [], {})]
    return value


def json_ld_text(data: Mapping[str, Any]) -> str:
    """The JSON of ``data`` with the characters that could end a ``<script>`` escaped."""
    return json.dumps(without_empty(data), cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)


def json_ld_script(data: Mapping[str, Any] | None) -> SafeString:
    """``<script type="application/ld+json">…</script>``, or nothing for no data."""
    if not data:
        return mark_safe("")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(json_ld_text(data)))  # noqa: S308 - escaped above
