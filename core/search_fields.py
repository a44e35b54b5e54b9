"""Search-field types that index folded, normalised text (``core.folding.normalize``).

Every backend then stores the same words (``dang ky thuong tru``, ``1 004222``) and
``search.query`` normalises queries the same way, so accents and punctuation never
decide whether something is found, on SQLite, PostgreSQL or Elasticsearch.
"""

from __future__ import annotations

from typing import Any

from wagtail.search import index

from core.folding import normalize


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ".join(_as_text(item) for item in value)
    return str(value)


# Wagtail ships no type information, so to mypy its field classes are ``Any``.
class FoldedSearchField(index.SearchField):  # type: ignore[misc]
    """A full-text field whose value is indexed folded and normalised."""

    def get_value(self, obj: Any) -> str:
        return normalize(_as_text(super().get_value(obj)))


class FoldedAutocompleteField(index.AutocompleteField):  # type: ignore[misc]
    """An autocomplete (prefix) field whose value is indexed folded and normalised."""

    def get_value(self, obj: Any) -> str:
        return normalize(_as_text(super().get_value(obj)))
