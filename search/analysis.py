"""Elasticsearch index settings that fold Vietnamese like ``core.folding.fold``.

Plain data, imported by the settings (``INDEX_SETTINGS`` of modelsearch's
elasticsearch9 backend, deep-merged over the backend's own analysis settings).

- ``default``: every ``text`` field modelsearch maps without an analyzer (all our
  search fields, ``_all_text`` and the boost copies) is analysed with the standard
  tokenizer, ``lowercase`` and ``asciifolding``. ASCII folding strips Vietnamese
  tone and vowel marks and maps đ/Đ to d, so ``Đăng ký`` is indexed as ``dang ky``;
  the same analyzer applies to queries, which ``search.query`` has already folded.
- ``edgengram_analyzer`` (autocomplete) is modelsearch's own, redefined with the
  same filters in the same order so prefixes fold identically.
- modelsearch's autocomplete ``search_analyzer`` is the built-in ``standard``
  (lower-cases, does not fold): our autocomplete queries are folded before they are
  sent (``search.query``), so prefixes still meet folded edge n-grams.
"""

from __future__ import annotations

from typing import Any

FOLDING_FILTERS = ["lowercase", "asciifolding"]

ES_INDEX_SETTINGS: dict[str, Any] = {
    "settings": {
        "analysis": {
            "analyzer": {
                "default": {"type": "custom", "tokenizer": "standard", "filter": FOLDING_FILTERS},
                "edgengram_analyzer": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": [*FOLDING_FILTERS, "edgengram"],
                },
            }
        },
        "index": {"number_of_shards": 1},
    }
}
