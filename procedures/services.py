"""Writes to the procedure catalogue: summaries, and get-or-create of the rows an import refers to.

The import pipeline itself lives in ``procedures.importers``; these are the small, reusable
writes it (and the admin) builds on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify

from core.folding import fold
from procedures.models import Channel, Decision, Department, Field, Procedure

_SPACES = re.compile(r"\s+")
_NON_SLUG = re.compile(r"[^a-z0-9]+")

# A national agency name is turned into a department of this province only when it names a
# provincial department or authority ("Sở Tư pháp", "Ban Quản lý khu kinh tế …"); ministries,
# communes and "UBND cấp huyện" are not departments that receive dossiers at the Centre.
_PROVINCIAL_PREFIXES = ("so ", "ban quan ly ")
_PLACE_WORDS = (" tinh", " thanh pho", " tp.", " tp ")


def text_clean(value: object) -> str:
    """Collapse whitespace (U+00A0 included) and strip; ``None`` becomes ''."""
    if value is None:
        return ""
    return _SPACES.sub(" ", str(value).replace("\u00a0", " ")).strip()


def slug_from_text(text: str, *, max_length: int = 100) -> str:
    """An ASCII slug of Vietnamese text: ``2735/QĐ-UBND`` → ``2735-qd-ubnd``."""
    return _NON_SLUG.sub("-", fold(text)).strip("-")[:max_length].strip("-")


def decision_slug(number: str) -> str:
    """The address slug of a decision number: ``2735/QĐ-UBND`` → ``2735-qd-ubnd``."""
    return slug_from_text(number, max_length=120)


def _unique_slug(model: type[Department | Field | Decision], base: str, *, max_length: int) -> str:
    base = base[:max_length] or "x"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        suffix = f"-{n}"
        slug = f"{base[: max_length - len(suffix)]}{suffix}"
        n += 1
    return slug


def decision_get_or_create(
    *, number: str, date: date | None = None, issuer: str = "", title: str = ""
) -> tuple[Decision, bool]:
    """The decision with this number (whitespace-insensitive), created if missing.

    Date, issuer and title are filled in on creation only; an existing decision is not edited.
    """
    number = text_clean(number)
    if not number:
        raise ValueError("A decision needs a number.")
    decision = Decision.objects.filter(number=number).first()
    if decision is not None:
        return decision, False
    slug = _unique_slug(Decision, decision_slug(number), max_length=120)
    decision = Decision.objects.create(number=number, slug=slug, date=date, issuer=issuer, title=title)
    return decision, True


def field_get_or_create(*, name: str) -> tuple[Field, bool]:
    """The field (lĩnh vực) of this name, matched accent- and case-insensitively; created if missing."""
    name = text_clean(name)
    if not name:
        raise ValueError("A field needs a name.")
    wanted = fold(name)
    for field in Field.objects.all():
        if fold(field.name) == wanted:
            return field, False
    slug = _unique_slug(Field, slugify(fold(name)) or "linh-vuc", max_length=120)
    return Field.objects.create(name=name, slug=slug), True


def department_match(*, name: str, departments: Iterable[Department]) -> Department | None:
    """The department whose name or short name folds to the same text as ``name``."""
    wanted = fold(text_clean(name)).rstrip(".")
    if not wanted:
        return None
    for department in departments:
        if wanted in {fold(department.name), fold(department.short_name)}:
            return department
    return None


def department_is_provincial(name: str) -> bool:
    """Whether an agency name names this province's kind of department or authority
    ("Sở Tư pháp"), not one of a named other place ("Sở Tư pháp Thành phố Hà Nội")."""
    folded = fold(text_clean(name))
    return folded.startswith(_PROVINCIAL_PREFIXES) and not any(place in folded for place in _PLACE_WORDS)


def agency_names(text: str) -> list[str]:
    """The single agencies in an agency cell: "Sở Tư pháp, Ủy ban nhân dân cấp tỉnh" → two names."""
    return [part for part in (text_clean(p).rstrip(".") for p in re.split(r"[,;\n]", text)) if part]


def department_get_or_create(*, name: str, create: bool = True) -> tuple[Department | None, bool]:
    """The department named ``name`` (by folded name or short name).

    An unknown agency becomes a new department only if ``create`` and it names a provincial
    department ("Sở …", "Ban Quản lý …"); otherwise ``(None, False)``.
    """
    name = text_clean(name).rstrip(".")
    department = department_match(name=name, departments=Department.objects.all())
    if department is not None:
        return department, False
    if not create or not department_is_provincial(name):
        return None, False
    slug = _unique_slug(Department, slug_from_text(name, max_length=100), max_length=100)
    return Department.objects.create(name=name, slug=slug), True


@dataclass(frozen=True, slots=True)
class ProcedureSummary:
    """What the catalogue filters and sorts on, derived from the channels."""

    time_limit_days: Decimal | None
    is_free: bool
    channel_kinds: str


def procedure_summary(*, channels: Iterable[Channel]) -> ProcedureSummary:
    """Shortest time limit in working days, whether any channel is free, the channel kinds."""
    channels = list(channels)
    days = [d for d in (channel.time_limit_in_days() for channel in channels) if d is not None]
    kinds: list[str] = []
    for channel in channels:
        if channel.kind not in kinds:
            kinds.append(channel.kind)
    return ProcedureSummary(
        time_limit_days=min(days) if days else None,
        is_free=any(channel.fee_free or channel.fee_amount == 0 for channel in channels),
        channel_kinds=",".join(kinds),
    )


def procedure_refresh_summary(*, procedure: Procedure, save: bool = True) -> bool:
    """Recompute ``time_limit_days``, ``is_free`` and ``channel_kinds`` from the channels.

    Uses prefetched channels when present. Returns whether anything changed (saved only then).
    """
    summary = procedure_summary(channels=procedure.channels.all())
    values = {
        "time_limit_days": summary.time_limit_days,
        "is_free": summary.is_free,
        "channel_kinds": summary.channel_kinds,
    }
    dirty = [name for name, value in values.items() if getattr(procedure, name) != value]
    for name in dirty:
        setattr(procedure, name, values[name])
    if dirty and save and procedure.pk:
        with transaction.atomic():
            Procedure.objects.filter(pk=procedure.pk).update(**{name: values[name] for name in dirty})
    return bool(dirty)
