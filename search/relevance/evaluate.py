"""hit@10, recall@10 and MRR of a search function over the relevance set (relevance.json).

A result is keyed as its procedure code, or ``co-quan:<slug>`` for a department; an expected key
``ten:<name>`` stands for the procedures named exactly so (the demo's generated codes may move).
hit@10 of a query = 1 when an expected key is among the first 10 results;
recall@10 = share of its expected keys among them;
MRR = mean of 1 / rank of the first expected key (0 when none is in the first 10).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wagtail.search import index
from wagtail.search.backends import get_search_backend

from procedures.models import Department, Procedure
from search.selectors import site_search

RELEVANCE_FILE = Path(__file__).with_name("relevance.json")
K = 10


def relevance_queries() -> list[dict[str, Any]]:
    return json.loads(RELEVANCE_FILE.read_text(encoding="utf-8"))["queries"]


#: The kinds of query citizens type besides known names (issue: colloquial names,
#: abbreviations, whole questions, typing slips).
CITIZEN_KINDS = ("colloquial", "abbreviation", "question", "typo")


@dataclass
class Evaluation:
    recall: float
    mrr: float
    hit: float = 0.0
    #: recall@10 by kind.
    by_kind: dict[str, float] = field(default_factory=dict)
    hit_by_kind: dict[str, float] = field(default_factory=dict)
    mrr_by_kind: dict[str, float] = field(default_factory=dict)
    misses: list[tuple[str, list[str], list[str]]] = field(default_factory=list)


def _expected_keys(expected: list[str]) -> set[str]:
    """Codes of the expected keys, ``ten:<name>`` read as the procedures so named."""
    names = [key.removeprefix("ten:") for key in expected if key.startswith("ten:")]
    codes = set(Procedure.objects.filter(name__in=names).values_list("code", flat=True)) if names else set()
    return {key for key in expected if not key.startswith("ten:")} | codes


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def evaluate(search: Callable[[str], list[str]], *, kinds: tuple[str, ...] = ()) -> Evaluation:
    recalls: dict[str, list[float]] = {}
    hits: dict[str, list[float]] = {}
    reciprocal: dict[str, list[float]] = {}
    misses = []
    for item in relevance_queries():
        if kinds and item["kind"] not in kinds:
            continue
        found = search(item["q"])[:K]
        expected = _expected_keys(item["expected"])
        recall = len(expected & set(found)) / len(expected) if expected else 0.0
        rank = next((i for i, key in enumerate(found, start=1) if key in expected), None)
        kind = item["kind"]
        recalls.setdefault(kind, []).append(recall)
        hits.setdefault(kind, []).append(1.0 if rank else 0.0)
        reciprocal.setdefault(kind, []).append(1 / rank if rank else 0.0)
        if not rank or (recall < 1 and kind not in CITIZEN_KINDS):
            misses.append((item["q"], sorted(expected), found))
    every = list(recalls)
    return Evaluation(
        recall=_mean([v for k in every for v in recalls[k]]),
        mrr=_mean([v for k in every for v in reciprocal[k]]),
        hit=_mean([v for k in every for v in hits[k]]),
        by_kind={kind: _mean(values) for kind, values in recalls.items()},
        hit_by_kind={kind: _mean(values) for kind, values in hits.items()},
        mrr_by_kind={kind: _mean(values) for kind, values in reciprocal.items()},
        misses=misses,
    )


def ours(text: str) -> list[str]:
    """Keys of the first page of the site search (the page's and the API's ranking)."""
    outcome = site_search(text=text, with_facets=False)
    keys = []
    for hit in outcome.hits:
        path = hit.url.rstrip("/").split("/")
        keys.append(path[-1] if hit.type == "thu-tuc" else f"{hit.type}:{path[-1]}")
    return keys


STOCK_BACKEND = "modelsearch.backends.database"


def stock_fields_install() -> None:
    """Give procedures and departments unfolded search fields, as stock Wagtail would index them."""

    def raw_body(self: Procedure) -> str:
        parts = [self.result, self.applicants, self.conditions]
        parts += [step.text for step in self.steps.all()]
        parts += [doc.title for doc in self.legal_documents.all()]
        return " ".join(p for p in parts if p)

    Procedure.raw_body = raw_body  # type: ignore[attr-defined]
    Procedure.search_fields = [
        index.SearchField("code", boost=10),
        index.SearchField("name", boost=5),
        index.SearchField("raw_body"),
        index.AutocompleteField("name"),
        index.FilterField("live"),
    ]
    Department.search_fields = [index.SearchField("name", boost=3), index.SearchField("name_en")]


def stock_index_rebuild() -> None:
    backend = get_search_backend(STOCK_BACKEND)
    backend.reset_indexes()
    backend.add_bulk(Procedure, list(Procedure.objects.prefetch_related("steps", "legal_documents")))
    backend.add_bulk(Department, list(Department.objects.all()))


def stock(text: str) -> list[str]:
    """Stock search: the raw query on unfolded fields, procedures and departments by score."""
    backend = get_search_backend(STOCK_BACKEND)
    scored: list[tuple[float, str]] = []
    for obj in backend.search(text, Procedure.objects.filter(live=True)).annotate_score("_score")[:K]:
        scored.append((obj._score, obj.code))
    for obj in backend.search(text, Department.objects.all()).annotate_score("_score")[:K]:
        scored.append((obj._score, f"co-quan:{obj.slug}"))
    # SQLite's bm25 is lower-is-better; PostgreSQL's rank higher-is-better.
    reverse = backend.__class__.__name__.startswith("Postgres")
    return [key for _, key in sorted(scored, key=lambda pair: pair[0] or 0, reverse=reverse)]
