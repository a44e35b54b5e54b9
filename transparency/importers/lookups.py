"""What rows are checked against, loaded once per import (no query per row): the catalogue's
procedures and time limits, the departments by every name and code an export may use, and the
editable code tables (statuses, channels, local procedure codes) of each source."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse

from core.folding import fold_label
from procedures.calendar import WorkingCalendar
from procedures.enums import TimeLimitUnit
from procedures.models import Channel, Department, Procedure
from procedures.selectors import working_calendar_get
from transparency.models.mappings import ChannelMapping, ProcedureCodeMapping, StatusMapping

#: A procedure as rows need it: its pk, department and field.
ProcedureRef = tuple[int, int | None, int | None]


@dataclass(slots=True)
class Lookups:
    procedures: dict[str, ProcedureRef]
    limits: dict[int, list[tuple[str, Decimal | int, str]]]
    departments: dict[str, int]
    calendar: WorkingCalendar
    #: source → folded value → the portal's status ("" = not a dossier yet, skipped).
    statuses: dict[str, dict[str, str]]
    #: source → folded value → the portal's channel.
    channels: dict[str, dict[str, str]]
    #: source → folded local code → procedure code of the catalogue.
    local_codes: dict[str, dict[str, str]]
    #: folded procedure name → code, for names that are unique in the catalogue.
    procedure_names: dict[str, str]
    #: (table, source) → the values as written, named when a value is not in the table.
    shown: dict[tuple[str, str], list[str]]
    #: source → the folded status values that say the result reached the applicant.
    handed_over: dict[str, set[str]]

    @classmethod
    def load(cls) -> Lookups:
        procedures: dict[str, ProcedureRef] = {}
        names: dict[str, str | None] = {}
        for code, pk, dep, fld, name in Procedure.objects.values_list(
            "code", "pk", "department_id", "field_id", "name"
        ):
            procedures[code] = (pk, dep, fld)
            folded = fold_label(name)
            names[folded] = None if folded in names else code  # a name two procedures share names none
        limits: dict[int, list[tuple[str, Decimal | int, str]]] = {}
        for proc, kind, value, unit in Channel.objects.order_by("procedure_id", "sort_order").values_list(
            "procedure_id", "kind", "time_limit_value", "time_limit_unit"
        ):
            if unit == TimeLimitUnit.SAME_DAY:
                limits.setdefault(proc, []).append((kind, 0, unit))
            elif value and unit:
                limits.setdefault(proc, []).append((kind, value, unit))
        departments: dict[str, int] = {}
        for department in Department.objects.only(
            "pk", "name", "short_name", "slug", "agency_code", "aliases"
        ):
            for key in department.names_for_import():
                departments.setdefault(key, department.pk)
        shown: dict[tuple[str, str], list[str]] = {}
        statuses: dict[str, dict[str, str]] = {}
        handed_over: dict[str, set[str]] = {}
        for source, value, folded, status, handed in StatusMapping.objects.order_by("pk").values_list(
            "source", "value", "folded", "status", "handed_over"
        ):
            statuses.setdefault(source, {})[folded] = status
            if handed:
                handed_over.setdefault(source, set()).add(folded)
            shown.setdefault(("statusmapping", source), []).append(value)
        channels: dict[str, dict[str, str]] = {}
        for source, value, folded, channel in ChannelMapping.objects.order_by("pk").values_list(
            "source", "value", "folded", "channel"
        ):
            channels.setdefault(source, {})[folded] = channel
            shown.setdefault(("channelmapping", source), []).append(value)
        local_codes: dict[str, dict[str, str]] = {}
        for source, folded, code in ProcedureCodeMapping.objects.values_list(
            "source", "folded", "procedure__code"
        ):
            local_codes.setdefault(source, {})[folded] = code
        return cls(
            procedures,
            limits,
            departments,
            working_calendar_get(),
            statuses,
            channels,
            local_codes,
            {name: code for name, code in names.items() if code},
            shown,
            handed_over,
        )

    def procedure(self, *, source: str, code: str, name: str) -> tuple[str, ProcedureRef | None]:
        """The catalogue's code and procedure a row names: its code (the national one, or a local
        code of the source's table), else its name when only one procedure has it."""
        if code:
            code = self.local_codes.get(source, {}).get(fold_label(code), code)
            return code, self.procedures.get(code)
        by_name = self.procedure_names.get(fold_label(name))
        return (by_name or ""), (self.procedures.get(by_name) if by_name else None)


def mapping_admin_path(model: str) -> str:
    """The admin list where an editor adds a missing code (``statusmapping``, ``channelmapping``,
    ``procedurecodemapping``; ``department`` for names and agency codes)."""
    app = "procedures" if model == "department" else "transparency"
    return reverse(f"wagtailsnippets_{app}_{model}:list")
