"""modelsearch's Elasticsearch 9 backend with the editors' synonyms as a search-time filter.

The synonyms (``search.models.SearchSynonym``) live in an Elasticsearch *synonyms set*
(``<INDEX_PREFIX>synonyms``, the Synonyms API) that a ``synonym_graph`` filter of the
``default_search`` analyzer reads: every text field modelsearch maps without an analyzer is then
searched through ``standard`` → ``lowercase`` → ``asciifolding`` → synonyms, while it is still
indexed folded without them (``search.analysis``). The filter is ``updateable``, so a new set
reloads the analyzers of every index at once: an editor's change needs no reindex.

- The set is written before any index is created (an index naming a missing set is left
  unusable), and again after every change of the table (``search.signal_handlers``).
- Rules are folded and normalised (``sổ đỏ`` → ``so do``), the words the index holds; one-way
  rows keep the term (``so do => so do, giay chung nhan quyen su dung dat``), two-way rows are
  equivalences. ``lenient`` leaves out a rule Elasticsearch cannot parse instead of failing.
- ``expands_synonyms`` tells ``search.selectors`` to send the words typed: the filter expands
  them (the database backends get the expansions in the query instead).
"""

from __future__ import annotations

import logging
from copy import deepcopy
from typing import Any

from modelsearch.backends.elasticsearch9 import Elasticsearch9Index, Elasticsearch9SearchBackend

from search.analysis import FOLDING_FILTERS

logger = logging.getLogger("portal.search")

SYNONYM_FILTER = "portal_synonyms"


def synonym_rules() -> list[dict[str, str]]:
    """The synonyms set's rules, one per row (ids keep Elasticsearch's messages traceable)."""
    from core.folding import normalize
    from search.models import SearchSynonym
    from search.models.lexicon import expansion_lines

    rules = []
    for row in SearchSynonym.objects.order_by("pk"):
        term = row.folded_term
        expansions = [normalize(line) for line in expansion_lines(row.expansions)]
        expansions = [e for e in dict.fromkeys(expansions) if e and e != term]
        if not term or not expansions:
            continue
        if row.two_way:
            rule = ", ".join([term, *expansions])
        else:
            rule = f"{term} => {', '.join([term, *expansions])}"
        rules.append({"id": f"synonym-{row.pk}", "synonyms": rule})
    return rules


def analysis_with_synonyms(settings: dict[str, Any], *, synonyms_set: str) -> dict[str, Any]:
    """The index settings with the search-time synonym filter and analyzer added."""
    settings = deepcopy(settings)
    analysis = settings.setdefault("settings", {}).setdefault("analysis", {})
    analysis.setdefault("filter", {})[SYNONYM_FILTER] = {
        "type": "synonym_graph",
        "synonyms_set": synonyms_set,
        "updateable": True,
        "lenient": True,
    }
    analysis.setdefault("analyzer", {})["default_search"] = {
        "type": "custom",
        "tokenizer": "standard",
        "filter": [*FOLDING_FILTERS, SYNONYM_FILTER],
    }
    return settings


class SynonymIndex(Elasticsearch9Index):
    def put(self) -> None:
        self.backend.synonyms_push()
        super().put()


class SynonymSearchBackend(Elasticsearch9SearchBackend):
    index_class = SynonymIndex
    expands_synonyms = True
    settings: dict[str, Any]

    def __init__(self, params: dict[str, Any]) -> None:
        super().__init__(params)
        self.synonyms_set: str = f"{self.index_prefix}synonyms"
        self.settings = analysis_with_synonyms(self.settings, synonyms_set=self.synonyms_set)

    def synonyms_body(self) -> dict[str, Any]:
        return {"synonyms_set": synonym_rules()}

    def synonyms_push(self) -> None:
        """Write the whole set (``PUT _synonyms/<set>``); the analyzers using it reload."""
        self.es.synonyms.put_synonym(id=self.synonyms_set, **self.synonyms_body())


def synonyms_push_all() -> None:
    """Give every configured synonym-aware backend the current set; an outage is logged, and the
    next change or ``update_index`` writes it again."""
    from django.conf import settings
    from wagtail.search.backends import get_search_backend

    from search.ranking import BACKEND_ERRORS

    for name in getattr(settings, "WAGTAILSEARCH_BACKENDS", {}):
        backend = get_search_backend(name)
        if not isinstance(backend, SynonymSearchBackend):
            continue
        try:
            backend.synonyms_push()
        except BACKEND_ERRORS as error:
            logger.warning(
                "synonyms set %s not written (%s): run update_index later", backend.synonyms_set, error
            )


SearchBackend = SynonymSearchBackend
