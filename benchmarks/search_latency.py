"""Search latency: modelsearch's stock SQLite ranking vs ours (search.backends.sqlite).

    .venv/bin/python benchmarks/search_latency.py [--copies 7] [--database URL]

Loads the 272 reference records ``copies`` times (7 → 1,904 procedures with real
names, steps and legal basis), indexes them, then times the same ranked first-page
query (``search(q)[:10]`` ordered by relevance, like the site search) with the stock
backend and with ours, over unaccented and accented queries, plus the whole site
search (all types, facets) and the autocomplete. Prints median and p95 in ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.search_common import ROOT, catalogue_load, django_setup

QUERIES = [
    "dang ky",
    "dang ky ket hon",
    "Đăng ký thường trú",
    "chung thuc",
    "giay phep",
    "cap lai",
    "thua phat lai",
    "van phong cong chung",
    "tro giup phap ly",
    "quoc tich",
    "ho tich",
    "luat su nuoc ngoai",
]


def timed(function, repeat: int = 5) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        for query in QUERIES:
            started = time.perf_counter()
            function(query)
            samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[round(0.95 * (len(samples) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=7)
    parser.add_argument("--database", default=f"sqlite:///{ROOT / 'var' / 'bench' / 'search.sqlite3'}")
    args = parser.parse_args()
    django_setup(args.database)

    from django.db import connection
    from wagtail.search.backends import get_search_backend

    from procedures.models import Procedure
    from search.folding import normalize
    from search.selectors import search_suggestions, site_search

    started = time.perf_counter()
    count = catalogue_load(copies=args.copies)
    print(
        f"{count} procedures loaded and indexed in {time.perf_counter() - started:.1f} s"
        f" ({connection.vendor})"
    )

    ours = get_search_backend()
    rows = []
    if connection.vendor == "sqlite":
        stock = get_search_backend("modelsearch.backends.database")
        rows.append(("stock SQLite backend, first page ranked", stock, normalize))
        rows.append(("stock SQLite backend, accented query as typed", stock, lambda q: q))
    rows.append((f"{type(ours).__name__}, first page ranked", ours, lambda q: q))
    print(f"\n  {'what':<52} {'median ms':>10} {'p95 ms':>9}")
    for label, backend, prepare in rows:
        median, p95 = timed(
            lambda q, backend=backend, prepare=prepare: list(
                backend.search(prepare(q), Procedure.objects.filter(live=True))[:10]
            )
        )
        print(f"  {label:<52} {median:>10.1f} {p95:>9.1f}")
    median, p95 = timed(lambda q: site_search(text=q), repeat=3)
    print(f"  {'site search (all types, facets, snippets)':<52} {median:>10.1f} {p95:>9.1f}")
    median, p95 = timed(lambda q: search_suggestions(text=q[: max(3, len(q) - 2)]), repeat=3)
    print(f"  {'autocomplete /tim-kiem/goi-y/':<52} {median:>10.1f} {p95:>9.1f}")


if __name__ == "__main__":
    main()
