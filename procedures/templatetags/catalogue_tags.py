"""Formatting filters for catalogue templates (pure functions of prefetched values, no queries)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.template import Context
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.fragments import fragment
from procedures.enums import TimeLimitUnit

register = template.Library()


@register.filter
def plain_number(value: Any) -> str:
    """``Decimal("5.00")`` → ``5``, ``Decimal("0.50")`` → ``0,5`` (Vietnamese decimal comma)."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)).normalize()
    except InvalidOperation:
        return str(value)
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


@register.filter
def dong(amount: Any) -> str:
    """An amount in đồng the way offices write it: ``10000`` → ``10.000 đ``."""
    if amount is None or amount == "":
        return ""
    try:
        whole = int(amount)
    except (TypeError, ValueError):
        return str(amount)
    return f"{whole:,}".replace(",", ".") + " đ"


@register.filter
def channel_fee(channel: Any) -> str:
    """``Miễn phí``, an amount in đồng, or the source text when the fee depends on the case."""
    if channel.fee_free:
        return _("Miễn phí")
    if channel.fee_amount is not None:
        return dong(channel.fee_amount)
    return channel.fee_text or "—"


@register.filter
def channel_time_limit(channel: Any) -> str:
    """``5 ngày làm việc``, ``Trong ngày``, ``8 giờ``; the source text when it has no number."""
    if channel.time_limit_unit == TimeLimitUnit.SAME_DAY:
        return _("Trong ngày")
    if channel.time_limit_value is not None and channel.time_limit_unit:
        return f"{plain_number(channel.time_limit_value)} {TimeLimitUnit(channel.time_limit_unit).label}"
    return channel.time_limit_text or "—"


@register.simple_tag(takes_context=True)
def select_options(
    context: Context, options: Iterable[tuple[Any, Any]], current: Any, keep: str = ""
) -> SafeString:
    """The ``<option>``s of a filter's choices, the current value selected.

    One call rather than a template loop: a select of a hundred fields cost more to render
    than the rest of the form. ``keep`` names options that only change with the data (the
    departments, the fields): their HTML is then kept per content generation and chosen value,
    shared by every selection that chose it.
    """
    chosen = "" if current is None else str(current)

    def render() -> SafeString:
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, mark_safe(" selected") if str(value) == chosen else "", label)
                for value, label in options
            ),
        )

    if not keep:
        return render()
    return fragment(context.get("request"), f"select-options:{keep}", (chosen,), render)
