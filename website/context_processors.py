"""Template context shared by every public page."""

from __future__ import annotations

from django.http import HttpRequest


def language_links(request: HttpRequest) -> dict[str, object]:
    """Addresses of the current page in each language (every page exists under /en/ too).

    Plain links rather than Django's set_language view: Wagtail's catch-all pattern
    reads ``en/...`` as a page path, so the view could not switch back to Vietnamese.
    """
    path = request.path
    vi_path = path[3:] if path.startswith("/en/") else ("/" if path == "/en" else path)
    query = request.META.get("QUERY_STRING", "")
    suffix = f"?{query}" if query else ""
    return {
        "lang_prefix": "/en" if path.startswith("/en/") or path == "/en" else "",
        "language_links": {
            "vi": f"{vi_path}{suffix}",
            "en": f"/en{vi_path}{suffix}",
        },
    }


def open_data(request: HttpRequest) -> dict[str, object]:
    """The data licence (``PORTAL_DATA_LICENSE``) that download pages state beside their links."""
    from core.licences import data_licence

    return {"data_licence": data_licence()}
