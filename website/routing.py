"""Wagtail's routing in a fixed number of queries, whatever the depth of the address.

``Page.route`` descends the tree one level at a time, and each level costs two queries: the
child by its slug, then its specific row (``.specific``). A notice at
``/xin-loi/<department>/<notice>/`` paid nine queries before its own view ran. Here every page
whose address is a prefix of the requested one is read in one query (by ``url_path``, which
Wagtail keeps equal to the parent's plus the slug), the walk down happens in memory, and only
the page that answers is read in full; the answer itself still comes from that page's own
``route()``, so routable pages, ``live`` checks and 404s behave exactly as Wagtail's.

For the anonymous visitors the page cache serves, each page on the path is kept per content
generation (in its specific class), so an address nobody asked before walks to its page
without a query when its parents were walked through for another.

The result is handed to Wagtail through ``request._wagtail_route_for_request``, the attribute
``Page.route_for_request`` already keeps its own answer in, so everything downstream (view
restrictions, the userbar, ``Page.find_for_request``) sees one routing.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from wagtail import views as wagtail_views
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from core.fragments import fragment, fragment_generation


def _answers_here(page: Page, components: list[str]) -> bool:
    """Whether ``page`` answers ``components`` itself rather than handing them to a child.

    A plain page answers only its own address; a routable page also every address one of its
    routes resolves (tried before its children, as ``RoutablePageMixin.route`` does); a page
    class with routing of its own is always asked.
    """
    model = page.specific_class
    if model is None or not components:
        return True
    route = model.route
    if route is Page.route:
        return False
    if route is RoutablePageMixin.route:
        if not page.live:
            return False
        try:
            model.get_resolver().resolve("/" + "/".join(components) + "/")
        except Http404:
            return False
        return True
    return True


def _pages_on_path(site: Site, prefixes: list[str]) -> dict[str, Page]:
    """The pages at ``prefixes`` under ``site``'s root, by address (plain pages, one query)."""
    pages = Page.objects.filter(url_path__in=prefixes, path__startswith=site.root_page.path)
    return {page.url_path: page for page in pages}


def _page_at(request: HttpRequest, site: Site, prefix: str, on_path: dict[str, Page] | None) -> Page | None:
    """The specific page at ``prefix``, kept per content generation (every publish, move, slug
    change or deletion starts a new one): the pages an address walks through are the same for
    every address below them, so a first visitor of one procedure's page reads none of them."""
    if on_path is not None:
        return on_path.get(prefix)

    def compute() -> Page | None:
        page = _pages_on_path(site, [prefix]).get(prefix)
        return None if page is None else page.specific

    return fragment(request, "route-page", (site.pk, prefix), compute)


def page_route(request: HttpRequest, path: str) -> RouteResult | None:
    """What ``Page.route_for_request`` answers for ``path``, in at most two queries (none when kept)."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page.url_path
    components = [component for component in path.split("/") if component]
    prefixes = [root + "/".join(components[: i + 1]) + "/" for i in range(len(components))]
    # Without a generation nothing is kept: every page on the path in one query instead.
    on_path = None if fragment_generation(request) is not None else _pages_on_path(site, [root, *prefixes])
    page = _page_at(request, site, root, on_path)
    if page is None:
        return None
    for depth, prefix in enumerate(prefixes):
        if _answers_here(page, components[depth:]):
            return page.specific.route(request, components[depth:])
        child = _page_at(request, site, prefix, on_path)
        if child is None:
            raise Http404
        # The parent as Page.route leaves it on the child (its own fields read when asked).
        child._cached_parent_obj = page.specific_deferred
        page = child
    return page.specific.route(request, [])


def _site_for_request(request: HttpRequest) -> Site | None:
    """``Site.find_for_request``, its answer (with the root page) kept per content generation:
    every save of a site or a publish of a page starts a new one."""
    if not hasattr(request, "_wagtail_site"):
        request._wagtail_site = fragment(  # type: ignore[attr-defined]
            request,
            "wagtail-site",
            (request._get_raw_host(), request.get_port()),  # type: ignore[attr-defined]
            lambda: Site._find_for_request(request),
        )
    return request._wagtail_site  # type: ignore[attr-defined, no-any-return]


def serve(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's ``serve`` view, routed by :func:`page_route`."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False) and not hasattr(
        request, "_wagtail_route_for_request"
    ):
        _site_for_request(request)
        try:
            result: Any = page_route(request, path)
        except Http404:
            result = None
        request._wagtail_route_for_request = result  # type: ignore[attr-defined]
    return wagtail_views.serve(request, path)
