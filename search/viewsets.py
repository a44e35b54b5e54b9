"""Admin (snippet) views of the words search understands, under "Tìm kiếm" in the admin menu.

Snippets keep each change in their history, so the Centre can tell who added a synonym and when.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet, SnippetViewSetGroup

from search.models import SearchStopPhrase, SearchSynonym


class SynonymCreateView(CreateView):
    """``?term=…`` fills the term in (the search log's "add synonym" link)."""

    def get_initial_form_instance(self) -> Any:
        instance = super().get_initial_form_instance()
        term = " ".join(self.request.GET.get("term", "").split())[:100]
        if term:
            instance = instance or self.model()
            instance.term = term
        return instance


class SynonymViewSet(SnippetViewSet):
    model = SearchSynonym
    icon = "resubmit"
    menu_label = _("Từ đồng nghĩa")
    add_view_class = SynonymCreateView
    list_display = ["term", "expansions", "two_way", "note", "updated_at"]
    list_filter = ["two_way", "note"]
    search_fields = ["term", "expansions", "note"]
    search_backend_name = None
    ordering = ["folded_term"]
    list_per_page = 100


class StopPhraseViewSet(SnippetViewSet):
    model = SearchStopPhrase
    icon = "cross"
    menu_label = _("Từ bỏ qua")
    list_display = ["phrase", "updated_at"]
    search_fields = ["phrase"]
    search_backend_name = None
    ordering = ["folded_phrase"]
    list_per_page = 100


class SearchLexiconViewSetGroup(SnippetViewSetGroup):
    items = (SynonymViewSet, StopPhraseViewSet)
    menu_icon = "search"
    menu_label = _("Tìm kiếm")
    menu_name = "search_lexicon"
