"""What the apps above ``procedures`` add to its pages, API and catalogue, one registration each.

The catalogue does not know the apps built on it (layers point down): an app with something to
say about a procedure or a department registers it here from its ``AppConfig.ready()``.

- ``procedure_sections`` and ``department_sections``: a template and the context it needs, shown
  at a place of the page (``PROCEDURE_PLACES``, ``DEPARTMENT_PLACES``) in ``order``;
- ``procedure_api_fields``: a key of the procedure objects of the JSON API, its schema type and
  its values (``procedures.schemas`` builds the published schema from them);
- ``catalogue_measures``: a figure the catalogue rows carry, sort by and filter on;
- ``catalogue_text``: the function finding the procedures whose name holds the words typed;
- ``data_coverage``: the days the portal's figures stand on, for the ``meta`` of API lists.

With nothing registered the pages, the API and the catalogue show the catalogue alone.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import Promise

if TYPE_CHECKING:
    from wagtail.models import Page

    from procedures.models import Procedure

T = TypeVar("T")

#: Places of the procedure page: ``head`` (links in <head>), ``figures`` (after the channels and
#: fees, before the deadline calculator), ``history`` (in place of the plain list of decisions).
PROCEDURE_PLACES = ("head", "figures", "history")
#: Places of the department page: ``head``, ``figures`` (after the department's procedures).
DEPARTMENT_PLACES = ("head", "figures")


# --- page sections ----------------------------------------------------------------------


@dataclass(slots=True)
class SectionPage:
    """What a section's context function is given: the request, the page and the object shown."""

    request: HttpRequest
    page: Page
    object: Any
    _computed: dict[str, Any] = field(default_factory=dict, init=False, repr=False)

    def once(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()`` the first time ``key`` is asked while this page renders: two sections
        showing one figure (a feed link in <head>, a summary in the body) query it once."""
        if key not in self._computed:
            self._computed[key] = compute()
        return self._computed[key]


@dataclass(frozen=True, slots=True)
class PageSection:
    """A template shown at ``place`` of a page; ``context`` gives what it reads.

    The sections' contexts join the page's own (which wins on a clash): a section's template reads
    its keys as if the view had set them. ``context`` returning None leaves the section out.
    """

    key: str
    place: str
    template: str
    context: Callable[[SectionPage], Mapping[str, Any] | None]
    order: int = 100
    #: The anchor and label of the page's table of contents, for a section that has an entry.
    toc_anchor: str = ""
    toc_label: str | Promise = ""


@dataclass(frozen=True, slots=True)
class PageSections:
    """The sections a page shows, by place in order, and the context they read."""

    places: dict[str, list[PageSection]]
    context: dict[str, Any]


class SectionRegistry:
    def __init__(self, *, places: Sequence[str]) -> None:
        self.places = tuple(places)
        self._sections: dict[str, PageSection] = {}

    def register(self, section: PageSection) -> PageSection:
        if section.place not in self.places:
            raise ValueError(f"Section {section.key!r}: no place {section.place!r} (one of {self.places}).")
        self._sections[section.key] = section
        return section

    def all(self) -> list[PageSection]:
        """Every section by ``order``; registration order among equals (sorting is stable)."""
        return sorted(self._sections.values(), key=lambda section: section.order)

    def render(self, page: SectionPage) -> PageSections:
        """The sections shown for ``page`` and their joined context (one call per section)."""
        places: dict[str, list[PageSection]] = {place: [] for place in self.places}
        context: dict[str, Any] = {}
        for section in self.all():
            values = section.context(page)
            if values is None:
                continue
            places[section.place].append(section)
            context.update(values)
        return PageSections(places=places, context=context)


procedure_sections = SectionRegistry(places=PROCEDURE_PLACES)
department_sections = SectionRegistry(places=DEPARTMENT_PLACES)


# --- API fields -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ApiField:
    """A key of the procedure objects of ``GET /api/v1/procedures`` and ``/procedures/{code}``.

    ``values`` is called once per response with every procedure it lists (never a query per row)
    and returns one value each, in order. ``detail_only`` fields are left out of the list.
    """

    name: str
    annotation: Any
    values: Callable[[Sequence[Procedure]], list[Any]]
    #: The schema's default; ``...`` makes the key required.
    default: Any = ...
    description: str | None = None
    detail_only: bool = False


class ApiFieldRegistry:
    def __init__(self) -> None:
        self._fields: dict[str, ApiField] = {}

    def register(self, api_field: ApiField) -> ApiField:
        self._fields[api_field.name] = api_field
        return api_field

    def all(self, *, detail_only: bool) -> list[ApiField]:
        """The list's fields (``detail_only=False``) or those only the detail adds."""
        return [f for f in self._fields.values() if f.detail_only == detail_only]

    def values(self, procedures: Sequence[Procedure], *, detail: bool) -> list[dict[str, Any]]:
        """The registered keys of each procedure: the list's, and with ``detail`` the detail's too."""
        rows: list[dict[str, Any]] = [{} for _ in procedures]
        fields = self.all(detail_only=False) + (self.all(detail_only=True) if detail else [])
        for api_field in fields:
            for row, value in zip(rows, api_field.values(procedures), strict=True):
                row[api_field.name] = value
        return rows


procedure_api_fields = ApiFieldRegistry()


# --- the catalogue's measures and text filter -------------------------------------------


@dataclass(frozen=True, slots=True)
class CatalogueMeasure:
    """A figure computed outside the catalogue that its rows show and its filters use.

    ``annotate`` adds ``sort_field`` to a queryset of procedures (a correlated subquery, no query
    per row; adding it twice is harmless); procedures without a value sort last. ``at_least``
    keeps those whose figure reaches the value typed in the catalogue's filter.
    """

    key: str
    annotate: Callable[[QuerySet[Procedure]], QuerySet[Procedure]]
    sort_field: str
    at_least: Callable[[QuerySet[Procedure], float], QuerySet[Procedure]]
    #: Shown in each row of the catalogue page (reads ``procedure``).
    row_template: str = ""


class MeasureRegistry:
    def __init__(self) -> None:
        self._measures: dict[str, CatalogueMeasure] = {}

    def register(self, measure: CatalogueMeasure) -> CatalogueMeasure:
        self._measures[measure.key] = measure
        return measure

    def get(self, key: str) -> CatalogueMeasure | None:
        return self._measures.get(key)

    def all(self) -> list[CatalogueMeasure]:
        return list(self._measures.values())

    def annotate(self, queryset: QuerySet[Procedure]) -> QuerySet[Procedure]:
        """``queryset`` with every measure's figures, as the catalogue rows and the API show them."""
        for measure in self._measures.values():
            queryset = measure.annotate(queryset)
        return queryset


catalogue_measures = MeasureRegistry()


class TextMatcherSlot:
    """The catalogue's text filter: primary keys of the procedures whose name holds the words."""

    def __init__(self) -> None:
        self._matcher: Callable[..., Collection[int] | None] | None = None

    def fill(self, matcher: Callable[..., Collection[int] | None]) -> None:
        """``matcher(text=...)`` returns the matching keys, or None when it cannot answer."""
        self._matcher = matcher

    def ids_matching(self, *, text: str) -> Collection[int] | None:
        """None (unfilled, or no answer): the catalogue matches the code or name as typed only."""
        return None if self._matcher is None else self._matcher(text=text)


catalogue_text = TextMatcherSlot()


class CoverageSlot:
    """What the figures stand on (``data_from``, ``data_through``, ``last_import_at``, ``stale``),
    told by the app that holds the data; every API list repeats it in its ``meta``."""

    EMPTY: dict[str, Any] = {"data_from": None, "data_through": None, "last_import_at": None, "stale": False}

    def __init__(self) -> None:
        self._coverage: Callable[[], Mapping[str, Any]] | None = None

    def fill(self, coverage: Callable[[], Mapping[str, Any]]) -> None:
        """``coverage()`` returns those four keys (ISO dates and date-time, or None)."""
        self._coverage = coverage

    def get(self) -> dict[str, Any]:
        """Unfilled: no data, nothing stale."""
        if self._coverage is None:
            return dict(self.EMPTY)
        values = self._coverage()
        return {key: values.get(key, default) for key, default in self.EMPTY.items()}


data_coverage = CoverageSlot()
