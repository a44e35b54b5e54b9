"""The portal's search types: procedures, departments, decisions, apology notices, pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import apps
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Model, QuerySet, prefetch_related_objects
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from procedures.models import Decision, Department, Procedure
from search.query import CodeKind, code_shape
from search.registry import SearchType, code_matches, registry


def _may_be_number(text: str, *, limit: int) -> bool:
    """Whether typed text can be a procedure code or a notice number (they all hold a digit):
    words alone skip the lookup."""
    return 0 < len(text) <= limit and any(ch.isdigit() for ch in text)


def _time_limit(procedure: Procedure) -> str:
    channels = list(procedure.channels.all())
    timed = [c for c in channels if c.time_limit_in_days() is not None]
    if timed:
        channel = min(timed, key=lambda c: c.time_limit_in_days())
        # The unit's label is translated; the source text is Vietnamese only (as in the catalogue).
        if channel.time_limit_value is None and channel.time_limit_text:
            return channel.time_limit_text
        value = channel.time_limit_value
        amount = value.normalize() if value is not None else ""
        return f"{amount} {channel.get_time_limit_unit_display()}".strip()
    texts = [c.time_limit_text for c in channels if c.time_limit_text]
    return texts[0] if texts else ""


def _fee(procedure: Procedure) -> str:
    channels = list(procedure.channels.all())
    if channels and all(c.fee_free for c in channels):
        return str(_("Miễn phí"))
    amounts = [c.fee_amount for c in channels if c.fee_amount]
    if amounts:
        return f"{intcomma(min(amounts))} đồng"
    if any(c.fee_free for c in channels):
        return str(_("Miễn phí"))
    return ""


class ProcedureType(SearchType):
    key = "thu-tuc"
    label = _("Thủ tục hành chính")
    weight = 1.0
    facet_fields = {"department": "department_id", "field": "field_id", "level": "level"}
    title_fields = ("name",)

    def queryset(self) -> QuerySet:
        return Procedure.objects.public().select_related("department", "field")

    def exact(self, *, text: str) -> list[Model]:
        code = "".join(text.split())
        if not _may_be_number(code, limit=64):
            return []
        return list(self.queryset().filter(code__iexact=code))

    def title(self, obj: Procedure) -> str:
        return obj.name

    def texts(self, obj: Procedure) -> list[str]:
        texts = [step.text for step in obj.steps.all()]
        texts += [obj.result, obj.applicants, obj.conditions]
        texts += [f"{doc.title} {doc.code}" for doc in obj.legal_documents.all()]
        return [t for t in texts if t]

    def facts(self, obj: Procedure) -> list[tuple[Any, str]]:
        facts: list[tuple[Any, str]] = [(_("Mã"), obj.code)]
        if obj.department:
            facts.append((_("Cơ quan"), obj.department.display_name))
        if time_limit := _time_limit(obj):
            facts.append((_("Thời hạn"), time_limit))
        if fee := _fee(obj):
            facts.append((_("Phí, lệ phí"), fee))
        if obj.is_repealed:
            facts.append((_("Tình trạng"), str(obj.get_status_display())))
        return facts

    def prefetch(self, objs: Sequence[Any]) -> None:
        prefetch_related_objects(list(objs), "steps", "channels", "legal_documents")


class DepartmentType(SearchType):
    key = "co-quan"
    label = _("Cơ quan")
    weight = 0.95
    facet_fields = {"department": "id"}
    title_fields = ("name", "name_en")

    def queryset(self) -> QuerySet:
        return Department.objects.select_related("parent")

    def exact(self, *, text: str) -> list[Model]:
        text = text.strip()
        if not text or len(text) > 64:
            return []
        return list(self.queryset().filter(short_name__iexact=text)) if " " not in text else []

    def title(self, obj: Department) -> str:
        return obj.display_name

    def texts(self, obj: Department) -> list[str]:
        return [t for t in (obj.name_en, obj.address, obj.parent.name if obj.parent else "") if t]

    def facts(self, obj: Department) -> list[tuple[Any, str]]:
        facts: list[tuple[Any, str]] = []
        if obj.parent:
            facts.append((_("Trực thuộc"), obj.parent.display_name))
        if obj.phone:
            facts.append((_("Điện thoại"), obj.phone))
        return facts


class DecisionType(SearchType):
    key = "quyet-dinh"
    label = _("Quyết định công bố")
    weight = 0.9
    title_fields = ("number", "title")

    def queryset(self) -> QuerySet:
        return Decision.objects.all()

    def exact(self, *, text: str) -> list[Model]:
        text = "".join(text.split())
        if "/" not in text or len(text) > 100:
            return []
        head = text.split("/", 1)[0]
        return [
            d for d in self.queryset().filter(number__istartswith=f"{head}/") if code_matches(text, d.number)
        ]

    def title(self, obj: Decision) -> str:
        return f"{obj.number} – {obj.title}" if obj.title else obj.number

    def texts(self, obj: Decision) -> list[str]:
        return [t for t in (obj.title, obj.issuer) if t]

    def facts(self, obj: Decision) -> list[tuple[Any, str]]:
        facts: list[tuple[Any, str]] = []
        if obj.date:
            facts.append((_("Ngày ban hành"), date_format(obj.date, "SHORT_DATE_FORMAT")))
        if obj.issuer:
            facts.append((_("Cơ quan ban hành"), obj.issuer))
        return facts


class PageType(SearchType):
    """Editorial pages (statistics, methodology, help…) not covered by a type of their own."""

    key = "trang"
    label = _("Trang thông tin")
    weight = 0.8
    folded_index = False
    title_fields = ("title",)
    #: Page models searched by their own type, left out here.
    excluded_models: tuple[type[Page], ...] = ()

    def queryset(self) -> QuerySet:
        queryset = Page.objects.live().public().filter(depth__gt=1)
        if self.excluded_models:
            queryset = queryset.not_type(*self.excluded_models)
        return queryset

    def title(self, obj: Page) -> str:
        return obj.title

    def url(self, obj: Page) -> str:
        return obj.get_url() or "/"

    def texts(self, obj: Page) -> list[str]:
        return [t for t in (obj.search_description,) if t]


class ApologyNoticeType(SearchType):
    """Published apology notices (pages under /xin-loi/); the notice number finds its page,
    and so does the code of the dossier it apologises for (form 04 prints it).

    Reads only what a public notice shows; the applicant's name is never indexed
    or shown here, and the dossier itself is never a result.
    """

    key = "xin-loi"
    label = _("Thư xin lỗi")
    weight = 0.9
    folded_index = False
    title_fields = ("title",)

    def __init__(self, model: type[Page]) -> None:
        self.model = model
        field_names = {f.name for f in model._meta.get_fields()}
        self.number_field = next((n for n in ("notice_number", "number") if n in field_names), None)
        self.date_field = next((n for n in ("issued_on", "date", "notice_date") if n in field_names), None)
        self.dossier_field = "dossier" if "dossier" in field_names else None
        filterable = {f.get_attname(model) for f in model.get_filterable_search_fields()}
        if "department_id" in filterable:
            self.facet_fields = {"department": "department_id"}

    def queryset(self) -> QuerySet:
        return self.model.objects.live().public()

    def exact(self, *, text: str) -> list[Model]:
        code = code_shape(text)
        if code is not None and code.kind == CodeKind.DOSSIER:
            if not self.dossier_field:
                return []
            return list(self.queryset().filter(**{f"{self.dossier_field}__code__iexact": code.value}))
        text = "".join(text.split())
        if not self.number_field or not _may_be_number(text, limit=64):
            return []
        head = text.split("/", 1)[0]
        candidates = self.queryset().filter(**{f"{self.number_field}__istartswith": head})[:50]
        return [p for p in candidates if code_matches(text, str(getattr(p, self.number_field) or ""))]

    def title(self, obj: Page) -> str:
        return obj.title

    def url(self, obj: Page) -> str:
        return obj.get_url() or "/"

    def texts(self, obj: Page) -> list[str]:
        return [
            str(getattr(obj, name, "") or "") for name in ("reason", "procedure_name", "search_description")
        ]

    def facts(self, obj: Page) -> list[tuple[Any, str]]:
        facts: list[tuple[Any, str]] = []
        if self.number_field and getattr(obj, self.number_field, None):
            facts.append((_("Số"), str(getattr(obj, self.number_field))))
        if self.date_field and getattr(obj, self.date_field, None):
            facts.append((_("Ngày"), date_format(getattr(obj, self.date_field), "SHORT_DATE_FORMAT")))
        return facts


def types_register() -> None:
    """Register every type; called once from ``SearchConfig.ready``."""
    registry.register(ProcedureType())
    registry.register(DepartmentType())
    registry.register(DecisionType())
    page_type = PageType()
    try:
        notice_model = apps.get_model("transparency", "ApologyNoticePage")
    except LookupError:
        notice_model = None
    if notice_model is not None:
        registry.register(ApologyNoticeType(notice_model))
        page_type.excluded_models = (notice_model,)
    registry.register(page_type)
