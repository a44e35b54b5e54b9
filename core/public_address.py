"""The portal's one public address: every absolute link it writes starts with ``PORTAL_BASE_URL``.

Sitemap locations, feed ids and links, API ``url``s, canonical links and e-mails name the
configured address, never the ``Host`` a request came with: a crawler or a client that asked
with ``Host: localhost`` must not get (or, through the page cache, hand other visitors) links
to ``localhost``.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpRequest
from django.utils.encoding import iri_to_uri


def portal_base_url() -> str:
    """``scheme://host[:port]`` of the public site, without a trailing slash."""
    return settings.PORTAL_BASE_URL.rstrip("/")


def absolute_url(location: str) -> str:
    """``location`` (a path such as ``/thu-tuc/1.004222/``, or a full URL) at the public address.

    A full URL keeps its path, query and fragment and takes the portal's scheme and host: Wagtail
    builds page URLs from its ``Site`` record, which may name another host.
    """
    parts = urlsplit(str(location))
    path = parts.path if parts.path.startswith("/") else f"/{parts.path}"
    return iri_to_uri(portal_base_url() + urlunsplit(("", "", path, parts.query, parts.fragment)))


def _rebased(value: object) -> object:
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return absolute_url(value)
    return value


class PublicAddressFeedMixin:
    """For ``django.contrib.syndication`` feeds: the feed's link, id and self link and every
    entry's link and id at the public address (Django takes the request's host for them)."""

    def get_feed(self, obj: object, request: HttpRequest) -> object:
        feed = super().get_feed(obj, request)  # type: ignore[misc]
        for key in ("link", "feed_url", "id"):
            feed.feed[key] = _rebased(feed.feed.get(key))
        for item in feed.items:
            for key in ("link", "unique_id"):
                item[key] = _rebased(item.get(key))
        return feed
