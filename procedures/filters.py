"""The catalogue's filters, shared by the ``/thu-tuc/`` page and ``GET /api/v1/procedures``.

Every filter reads a plain GET parameter, so each combination is a permalink. A value
that does not validate (an unknown department, ``min_days=x``) leaves its filter out
of the query and is reported through ``ProcedureFilter.problems()``: the page shows
the message beside the unfiltered result, the API answers 400 with it.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, ExpressionWrapper, F, FloatField, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from procedures.enums import ChannelKind, Level, OnlineLevel, ProcedureStatus
from procedures.models import Channel, Decision, Department, Field, Procedure

SORT_CHOICES = (
    ("code", _("Mã thủ tục (tăng dần)")),
    ("-code", _("Mã thủ tục (giảm dần)")),
    ("name", _("Tên thủ tục (A–Z)")),
    ("-name", _("Tên thủ tục (Z–A)")),
    ("time_limit", _("Thời hạn (ngắn trước)")),
    ("-time_limit", _("Thời hạn (dài trước)")),
    ("department", _("Cơ quan (A–Z)")),
    ("-department", _("Cơ quan (Z–A)")),
    ("-on_time", _("Tỷ lệ đúng hạn (cao trước)")),
    ("on_time", _("Tỷ lệ đúng hạn (thấp trước)")),
)

# Orderings always end with the code, so pages never overlap or skip rows.
_SORT_EXPRESSIONS: dict[str, tuple[Any, ...]] = {
    "code": (F("code").asc(),),
    "-code": (F("code").desc(),),
    "name": (F("name").asc(), F("code").asc()),
    "-name": (F("name").desc(), F("code").asc()),
    "time_limit": (F("time_limit_days").asc(nulls_last=True), F("code").asc()),
    "-time_limit": (F("time_limit_days").desc(nulls_last=True), F("code").asc()),
    "department": (F("department__name").asc(nulls_last=True), F("code").asc()),
    "-department": (F("department__name").desc(nulls_last=True), F("code").asc()),
    # Procedures with too few dossiers to rank have no share: always last.
    "-on_time": (F("on_time_share").desc(nulls_last=True), F("code").asc()),
    "on_time": (F("on_time_share").asc(nulls_last=True), F("code").asc()),
}


def on_time_share_annotate(queryset: QuerySet[Procedure]) -> QuerySet[Procedure]:
    """Add ``on_time_share`` (0–1, all channels, last 12 months of data) and ``on_time_dossiers``.

    The share is set only for procedures with enough resolved dossiers to be ranked (the larger
    of ``PORTAL_MIN_DOSSIERS_FOR_FIGURES`` and ``PORTAL_MIN_RESOLVED_FOR_RANKING``); one
    correlated subquery each on the indexed ``ProcedurePerformance`` rows, no extra queries.
    """
    from django.db.models import Subquery

    from transparency.models import ProcedurePerformance
    from transparency.selectors.measures import min_resolved_for_ranking
    from transparency.selectors.performance import min_dossiers_for_figures

    if "on_time_share" in queryset.query.annotations:
        return queryset
    rows = ProcedurePerformance.objects.filter(procedure=OuterRef("pk"), channel="")
    minimum = max(min_dossiers_for_figures(), min_resolved_for_ranking())
    return queryset.annotate(
        on_time_share=Subquery(rows.filter(resolved__gte=minimum).values("on_time_share")[:1]),
        on_time_dossiers=Subquery(rows.values("resolved")[:1]),
    ).annotate(on_time_pct=ExpressionWrapper(F("on_time_share") * 100, output_field=FloatField()))


BOOLEAN_CHOICES = (("1", _("Có")), ("0", _("Không")))


class DisplayNameChoiceField(forms.ModelChoiceField):
    """Options labelled in the visitor's language (departments and fields have English names)."""

    def label_from_instance(self, obj: Any) -> str:
        return getattr(obj, "display_name", str(obj))


class DecisionChoiceField(forms.ModelChoiceField):
    """A decision by its number (``2735/QĐ-UBND``) or by its slug (``2735-qd-ubnd``)."""

    def to_python(self, value: Any) -> Decision | None:
        if value in self.empty_values:
            return None
        text = str(value).strip()
        decision = self.queryset.filter(Q(number__iexact=text) | Q(slug=text)).first()
        if decision is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return decision


class DisplayNameModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = DisplayNameChoiceField


class DecisionFilter(django_filters.ModelChoiceFilter):
    field_class = DecisionChoiceField


def _bool_value(value: str | None) -> bool | None:
    """``1``/``true``/``on`` → True, ``0``/``false`` → False, anything else → no filter."""
    if value is None:
        return None
    lowered = str(value).strip().lower()
    if lowered in {"1", "true", "on", "yes", "co"}:
        return True
    if lowered in {"0", "false", "off", "no", "khong"}:
        return False
    return None


class LenientBooleanField(forms.Field):
    """Checkboxes send ``on`` or ``1``; ``?four_step=true`` works as well."""

    default_error_messages = {"invalid": _("Chọn 1 (có) hoặc 0 (không).")}

    def to_python(self, value: Any) -> bool | None:
        if value in self.empty_values:
            return None
        result = _bool_value(value)
        if result is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return result


class LenientBooleanFilter(django_filters.BooleanFilter):
    field_class = LenientBooleanField


class ProcedureFilter(django_filters.FilterSet):
    """Filters of the procedure catalogue (DOMAIN.md §3); every parameter is optional."""

    q = django_filters.CharFilter(method="filter_text", label=_("Mã hoặc tên thủ tục"), max_length=200)
    department = DisplayNameModelChoiceFilter(
        field_name="department",
        to_field_name="slug",
        queryset=Department.objects.order_by("sort_order", "name"),
        label=_("Cơ quan"),
    )
    field = DisplayNameModelChoiceFilter(
        field_name="field", to_field_name="slug", queryset=Field.objects.order_by("name"), label=_("Lĩnh vực")
    )
    level = django_filters.ChoiceFilter(choices=Level.choices, label=_("Cấp thực hiện"))
    channel = django_filters.ChoiceFilter(
        choices=ChannelKind.choices, method="filter_channel", label=_("Hình thức nộp")
    )
    online_level = django_filters.ChoiceFilter(
        choices=OnlineLevel.choices, label=_("Dịch vụ công trực tuyến")
    )
    four_step = LenientBooleanFilter(field_name="four_step", label=_("Quy trình 4 bước"))
    free = LenientBooleanFilter(field_name="is_free", label=_("Miễn phí"))
    min_days = django_filters.NumberFilter(
        field_name="time_limit_days", lookup_expr="gte", label=_("Thời hạn từ (ngày)"), min_value=0
    )
    max_days = django_filters.NumberFilter(
        field_name="time_limit_days", lookup_expr="lte", label=_("Thời hạn đến (ngày)"), min_value=0
    )
    status = django_filters.ChoiceFilter(choices=ProcedureStatus.choices, label=_("Tình trạng"))
    decision = DecisionFilter(
        method="filter_decision",
        queryset=Decision.objects.all(),
        label=_("Quyết định công bố"),
    )
    min_on_time = django_filters.NumberFilter(
        method="filter_min_on_time",
        label=_("Tỷ lệ đúng hạn từ (%)"),
        min_value=0,
        max_value=100,
    )
    sort = django_filters.ChoiceFilter(choices=SORT_CHOICES, method="filter_sort", label=_("Sắp xếp theo"))

    class Meta:
        model = Procedure
        fields: list[str] = []

    def filter_text(self, queryset: QuerySet[Procedure], name: str, value: str) -> QuerySet[Procedure]:
        value = " ".join(value.split())
        if not value:
            return queryset
        from search.selectors import procedure_ids_matching

        # A code or part of a name as typed, or every word of the name with or without
        # diacritics (found through the site search index).
        matching = procedure_ids_matching(text=value)
        typed = Q(code__icontains=value) | Q(name__icontains=value)
        return queryset.filter(typed if matching is None else typed | Q(pk__in=matching))

    def filter_channel(self, queryset: QuerySet[Procedure], name: str, value: str) -> QuerySet[Procedure]:
        # EXISTS rather than a join: a procedure with two channels of a kind stays one row.
        return queryset.filter(Exists(Channel.objects.filter(procedure=OuterRef("pk"), kind=value)))

    def filter_decision(
        self, queryset: QuerySet[Procedure], name: str, value: Decision
    ) -> QuerySet[Procedure]:
        return queryset.filter(decision_links__decision=value)

    def filter_min_on_time(self, queryset: QuerySet[Procedure], name: str, value: Any) -> QuerySet[Procedure]:
        """Procedures with at least this on-time share (percent); those too few to rank are left out."""
        return on_time_share_annotate(queryset).filter(on_time_share__gte=float(value) / 100)

    def filter_sort(self, queryset: QuerySet[Procedure], name: str, value: str) -> QuerySet[Procedure]:
        if value in ("on_time", "-on_time"):
            queryset = on_time_share_annotate(queryset)
        return queryset.order_by(*_SORT_EXPRESSIONS.get(value, _SORT_EXPRESSIONS["code"]))

    def filter_queryset(self, queryset: QuerySet[Procedure]) -> QuerySet[Procedure]:
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*_SORT_EXPRESSIONS["code"])
        return queryset

    def problems(self) -> dict[str, str]:
        """Parameter → a message naming the rejected value, for every filter that was ignored."""
        result: dict[str, str] = {}
        for name, errors in self.form.errors.items():
            if name not in self.filters:
                continue
            raw = self.data.get(name, "")
            label = self.filters[name].label
            reason = " ".join(str(e) for e in errors)
            result[name] = str(
                _("Bộ lọc «%(label)s»: giá trị «%(value)s» không hợp lệ (%(reason)s), đã bỏ qua bộ lọc này.")
                % {"label": label, "value": raw, "reason": reason.rstrip(".")}
            )
        return result

    def active(self) -> dict[str, Any]:
        """The filters actually applied (valid, non-empty, sorting left out)."""
        if not self.is_bound or not hasattr(self.form, "cleaned_data"):
            return {}
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if name != "sort" and value not in (None, "", [])
        }


class DeadlineForm(forms.Form):
    """The deadline calculator on a procedure page: ``?nop=YYYY-MM-DD&gio=HH:MM&kenh=<kind>``."""

    nop = forms.DateField(
        label=_("Ngày nộp hồ sơ"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": _("Nhập ngày theo dạng năm-tháng-ngày, ví dụ 2019-02-01.")},
    )
    gio = forms.TimeField(
        label=_("Giờ nộp"),
        required=False,
        input_formats=["%H:%M", "%H:%M:%S", "%Hh%M", "%H"],
        error_messages={"invalid": _("Nhập giờ theo dạng giờ:phút, ví dụ 09:30.")},
    )
    kenh = forms.ChoiceField(
        label=_("Hình thức nộp"),
        required=False,
        choices=[("", _("Tất cả hình thức")), *ChannelKind.choices],
        error_messages={"invalid_choice": _("Hình thức nộp «%(value)s» không có.")},
    )

    # Holiday rules are known for a limited span; far-off years are almost always typos.
    FIRST_YEAR = 2000
    LAST_YEAR = 2100

    def clean_nop(self) -> Any:
        day = self.cleaned_data.get("nop")
        if day is not None and not (self.FIRST_YEAR <= day.year <= self.LAST_YEAR):
            raise forms.ValidationError(
                _("Chỉ tính được cho ngày từ năm %(first)s đến năm %(last)s.")
                % {"first": self.FIRST_YEAR, "last": self.LAST_YEAR}
            )
        return day
