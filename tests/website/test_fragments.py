"""Parts of pages kept per content generation (core.fragments): computed once for anonymous
visitors, again after any data change, and never kept for editors or previews."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.test import RequestFactory, override_settings
from django.utils import translation

from core.fragments import fragment
from website.caching import content_generation_bump, content_generation_get

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def public_caches():
    cache.clear()
    with override_settings(PORTAL_PAGE_CACHE_ENABLED=True, PORTAL_CACHE_GENERATION_FILE=""):
        yield
    cache.clear()


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return f"computed {self.calls}"


def _visitor(generation: int | None = None, **attributes):
    request = RequestFactory().get("/thong-ke/?_visit=1")
    if generation is not None:
        request.content_generation = generation
    for name, value in attributes.items():
        setattr(request, name, value)
    return request


def test_a_part_is_computed_once_per_generation_and_again_after_a_change():
    compute = Counter()
    generation = content_generation_get()
    assert fragment(_visitor(generation), "figures", ["so-tu-phap"], compute) == "computed 1"
    assert fragment(_visitor(generation), "figures", ["so-tu-phap"], compute) == "computed 1"
    # What it depends on is part of the key: another department is its own part.
    assert fragment(_visitor(generation), "figures", ["so-xay-dung"], compute) == "computed 2"

    changed = content_generation_bump()
    assert fragment(_visitor(changed), "figures", ["so-tu-phap"], compute) == "computed 3"


def test_each_language_keeps_its_own_part():
    compute = Counter()
    generation = content_generation_get()
    with translation.override("vi"):
        fragment(_visitor(generation), "nav", [], compute)
    with translation.override("en"):
        assert fragment(_visitor(generation), "nav", [], compute) == "computed 2"


@pytest.mark.parametrize(
    "request_",
    [
        pytest.param(lambda g: _visitor(None), id="no generation: an editor, the caches off"),
        pytest.param(lambda g: _visitor(g, is_preview=True), id="a preview"),
        pytest.param(lambda g: None, id="no request"),
    ],
)
def test_nothing_is_kept_for_editors_previews_or_without_a_request(request_):
    compute = Counter()
    generation = content_generation_get()
    fragment(request_(generation), "figures", [], compute)
    fragment(request_(generation), "figures", [], compute)
    assert compute.calls == 2


def test_the_template_tag_keeps_its_block(site_tree):
    template = Template('{% load fragments %}{% fragment "box" slug %}<p>{{ value }}</p>{% endfragment %}')
    generation = content_generation_get()
    first = template.render(Context({"request": _visitor(generation), "slug": "a", "value": "one"}))
    again = template.render(Context({"request": _visitor(generation), "slug": "a", "value": "two"}))
    other = template.render(Context({"request": _visitor(generation), "slug": "b", "value": "two"}))
    editor = template.render(Context({"request": _visitor(None), "slug": "a", "value": "two"}))
    assert (first, again, other, editor) == ("<p>one</p>", "<p>one</p>", "<p>two</p>", "<p>two</p>")


def test_the_page_cache_middleware_hands_anonymous_visitors_the_generation(site_tree, client, admin_client):
    from wagtail import hooks

    seen: list[object] = []

    def before_serve(page, request, *args, **kwargs):
        seen.append(getattr(request, "content_generation", None))

    with hooks.register_temporarily("before_serve_page", before_serve):
        client.get("/")
        admin_client.get("/")
    assert seen[0] == content_generation_get()
    assert seen[1] is None  # an editor's page is computed: nothing of theirs is kept
