"""Parts of public pages computed once per content generation, whatever address asked for them.

The page cache keeps whole responses by address, so the first visitor of an address (a
journalist's new filter combination, a link carrying a tracking parameter, every address
just after an import) gets the page computed. Most of that work does not depend on the
address: a department's figures for a period, the options of a filter form, the catalogue's
facets. Those parts are kept here, keyed by what they do depend on and by the content
generation that every data change bumps, so a change still shows on the next request.

The generation comes on the request (``request.content_generation``), set by the page cache
middleware for the anonymous requests it may serve; without it (an editor, a preview, a
cache outage, the public caches switched off) every part is computed, so nothing personal
or unpublished is ever kept and nothing stale is ever served.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page

logger = logging.getLogger("portal")

T = TypeVar("T")
K = TypeVar("K")

KEY_PREFIX = "portal:fragment"


def fragment_generation(request: HttpRequest | None) -> int | None:
    """The content generation a fragment of this request may be kept under, or ``None``."""
    if request is None or getattr(request, "is_preview", False):
        return None
    generation = getattr(request, "content_generation", None)
    return generation if isinstance(generation, int) else None


def fragment_key(generation: int, name: str, parts: Iterable[object]) -> str:
    """The generation, the language, the fragment's name and a digest of what it depends on."""
    digest = hashlib.sha256(repr(tuple(parts)).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return f"{KEY_PREFIX}:{generation}:{translation.get_language()}:{name}:{digest}"


def fragment(
    request: HttpRequest | None,
    name: str,
    parts: Iterable[object],
    compute: Callable[[], T],
    *,
    keep: Callable[[T], bool] | None = None,
) -> T:
    """``compute()``, kept for the current generation under ``name`` and ``parts``.

    ``parts`` must name everything the value depends on besides the data (the parameters
    read, the page, the period); the value must be picklable (the cache may be Redis).
    ``keep(value)`` false leaves a value unkept (an answer given while a backend was down).
    """
    generation = fragment_generation(request)
    if generation is None:
        return compute()
    key = fragment_key(generation, name, parts)
    try:
        # Kept in a 1-tuple: django-redis answers None for a failed call, and None is a value too.
        stored: Any = cache.get(key)
    except Exception as error:  # a broken cache means computing, never an error page
        logger.warning("fragment cache unavailable: %s", error)
        return compute()
    if isinstance(stored, tuple) and len(stored) == 1:
        kept: T = stored[0]
        return kept
    value = compute()
    if keep is not None and not keep(value):
        return value
    try:
        cache.set(key, (value,), getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 300))
    except Exception as error:
        logger.warning("fragment cache unavailable: %s", error)
    return value


def fragment_many(
    request: HttpRequest | None,
    name: str,
    parts: dict[K, Iterable[object]],
    compute: Callable[[list[K]], dict[K, T]],
) -> dict[K, T]:
    """:func:`fragment` for many items at once: ``compute(missing)`` is called once, with the
    items not kept yet, and returns their values by item (one read and one write of the cache).
    """
    generation = fragment_generation(request)
    if generation is None:
        return compute(list(parts))
    keys = {item: fragment_key(generation, name, item_parts) for item, item_parts in parts.items()}
    try:
        stored = cache.get_many(list(keys.values()))
    except Exception as error:
        logger.warning("fragment cache unavailable: %s", error)
        return compute(list(parts))
    values: dict[K, T] = {}
    for item, key in keys.items():
        kept = stored.get(key)
        if isinstance(kept, tuple) and len(kept) == 1:
            values[item] = kept[0]
    missing = [item for item in parts if item not in values]
    if missing:
        computed = compute(missing)
        values.update(computed)
        try:
            cache.set_many(
                {keys[item]: (value,) for item, value in computed.items()},
                getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 300),
            )
        except Exception as error:
            logger.warning("fragment cache unavailable: %s", error)
    return values


def fragment_rows(
    request: HttpRequest | None,
    name: str,
    ids: list[K],
    render: Callable[[list[K]], dict[K, str]],
    *,
    parts: tuple[object, ...] = (),
) -> list[SafeString]:
    """The rows of a listed page as HTML, in the order of ``ids``: each row kept on its own (its
    id and ``parts`` are its key), so every filter combination listing it shares it and
    ``render(missing)`` only reads and renders the rows not kept yet. ``render`` answers HTML
    from a template, which escaped what it shows; an id it does not answer is left out."""
    html = fragment_many(request, name, {pk: (pk, *parts) for pk in ids}, render)
    return [mark_safe(html[pk]) for pk in ids if pk in html]  # noqa: S308


def live_page_path(request: HttpRequest, model: type[Page], route: str = "", **kwargs: str) -> str:
    """The path of ``model``'s live page (a page the site has once: the statistics page, the
    register) in the active language, plus one of its routes; "" when the site has none.

    Kept per generation: a publish, move or slug change starts a new one. The page query
    costs more than the rest of a feed link, and every procedure page shows two.
    """

    def compute() -> str | None:
        target = model.objects.live().first()
        return None if target is None else (target.get_url(request) or "")

    base = fragment(request, "live-page-path", (model._meta.label, request.get_host()), compute)
    if base is None:
        return ""
    # Routes belong to the class (``RoutablePageMixin.get_resolver``): no page needed to reverse one.
    return base + (model.get_resolver().reverse(route, **kwargs) if route else "")
