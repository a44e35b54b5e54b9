"""Recall@10 and MRR over the relevance set: our search vs stock (unfolded) Wagtail search.

    .venv/bin/python benchmarks/search_relevance.py [--database URL]

Each engine runs in its own process and its own throw-away database (both use the
same index table): "ours" is the site search (folded fields and queries, exact codes,
title re-ranking); "stock" is modelsearch's database backend over unfolded fields
(code, name, body text) with the query as typed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.search_common import ROOT, catalogue_load, django_setup


def run_engine(engine: str, database: str) -> None:
    django_setup(database)
    from search.relevance import evaluate as relevance

    if engine == "stock":
        relevance.stock_fields_install()
    catalogue_load(copies=1)
    if engine == "stock":
        relevance.stock_index_rebuild()
    result = relevance.evaluate(relevance.ours if engine == "ours" else relevance.stock)
    print(
        json.dumps(
            {"recall": result.recall, "mrr": result.mrr, "by_kind": result.by_kind, "misses": result.misses}
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
    kinds = sorted(results["ours"]["by_kind"])
    print(f"\nRelevance set ({database.split(':')[0]}): recall@10 and MRR, ours vs stock Wagtail search")
    print(f"  {'':<22} {'ours':>8} {'stock':>8}")
    for metric in ("recall", "mrr"):
        label = "recall@10" if metric == "recall" else "MRR"
        print(f"  {label:<22} {results['ours'][metric]:>8.3f} {results['stock'][metric]:>8.3f}")
    for kind in kinds:
        print(
            f"  recall@10 {kind:<12} {results['ours']['by_kind'][kind]:>8.3f}"
            f" {results['stock']['by_kind'][kind]:>8.3f}"
        )
    if args.show_misses:
        for engine in ("ours", "stock"):
            for query, expected, found in results[engine]["misses"]:
                print(f"  miss ({engine}): {query!r} expected {expected}, got {found[:5]}")


if __name__ == "__main__":
    main()
