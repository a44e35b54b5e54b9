"""hit@10 and MRR per kind of query over the relevance set: our search vs stock Wagtail search.

    .venv/bin/python benchmarks/search_relevance.py [--database URL] [--show-misses]

The catalogue searched: the 272 reference records, the Ministry of Public Security's list (339
more names), the demo catalogue (662 generated procedures) and the demo departments. Each engine
runs in its own process and its own throw-away database (both use the same index table): "ours"
is the site search (folded fields and queries, exact codes, title re-ranking, question words
left out, synonyms, spelling corrections); "stock" is modelsearch's database backend over
unfolded fields (code, name, body text) with the query as typed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.search_common import ROOT, django_setup, relevance_catalogue_load

CITIZEN_KINDS = ("colloquial", "abbreviation", "question", "typo")


def run_engine(engine: str, database: str) -> None:
    django_setup(database)
    from search.relevance import evaluate as relevance

    if engine == "stock":
        relevance.stock_fields_install()
    count = relevance_catalogue_load()
    if engine == "stock":
        relevance.stock_index_rebuild()
    result = relevance.evaluate(relevance.ours if engine == "ours" else relevance.stock)
    print(
        json.dumps(
            {
                "procedures": count,
                "hit": result.hit,
                "recall": result.recall,
                "mrr": result.mrr,
                "hit_by_kind": result.hit_by_kind,
                "mrr_by_kind": result.mrr_by_kind,
                "queries_by_kind": {
                    k: sum(q["kind"] == k for q in relevance.relevance_queries()) for k in result.hit_by_kind
                },
                "misses": result.misses,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["ours", "stock"])
    parser.add_argument("--database", default=None)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    if args.engine:
        run_engine(args.engine, args.database)
        return
    results = {}
    for engine in ("ours", "stock"):
        database = args.database or f"sqlite:///{ROOT / 'var' / 'bench' / f'relevance-{engine}.sqlite3'}"
        output = subprocess.run(
            [sys.executable, __file__, "--engine", engine, "--database", database],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
        results[engine] = json.loads(output.strip().splitlines()[-1])
    ours, stock = results["ours"], results["stock"]
    kinds = sorted(ours["hit_by_kind"], key=lambda k: (k in CITIZEN_KINDS, k))
    print(
        f"\nRelevance set ({database.split(':')[0]}, {ours['procedures']:,} procedures):"
        " hit@10 and MRR per kind of query, ours vs stock Wagtail search"
    )
    print(f"  {'kind':<14} {'queries':>7} {'hit@10 ours':>12} {'stock':>7} {'MRR ours':>9} {'stock':>7}")
    for kind in kinds:
        print(
            f"  {kind:<14} {ours['queries_by_kind'][kind]:>7} {ours['hit_by_kind'][kind]:>12.3f}"
            f" {stock['hit_by_kind'][kind]:>7.3f} {ours['mrr_by_kind'][kind]:>9.3f}"
            f" {stock['mrr_by_kind'][kind]:>7.3f}"
        )
    print(
        f"  {'all':<14} {sum(ours['queries_by_kind'].values()):>7} {ours['hit']:>12.3f} {stock['hit']:>7.3f}"
        f" {ours['mrr']:>9.3f} {stock['mrr']:>7.3f}"
    )
    print(f"  recall@10 (all): ours {ours['recall']:.3f}, stock {stock['recall']:.3f}")
    if args.show_misses:
        for engine in ("ours", "stock"):
            for query, expected, found in results[engine]["misses"]:
                print(f"  miss ({engine}): {query!r} expected {expected}, got {found[:5]}")


if __name__ == "__main__":
    main()
