"""The rows of `make bench`'s latency tables: pages, the API and search, timed over HTTP against a
running server, each beside that server's static file."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from typing import Any

from benchmarks import paths
from benchmarks.harness import Timing, progress, server, static_baseline, time_get, time_urls
from benchmarks.workload import (
    AUTOCOMPLETE_QUERIES,
    DOSSIER_SEARCH_QUERIES,
    FILTERED,
    ROUNDS,
    SEARCH_QUERIES,
    STATS_API,
    STATS_PAGE,
    TRENDS_API,
    TRENDS_PAGE,
    N,
)


def query_url(base: str, path: str, text: str) -> str:
    """``path`` on the server ``base`` asked for ``q=text``."""
    return f"{base}{path}?{urllib.parse.urlencode({'q': text})}"


def get_json(url: str, *, timeout: int = 60) -> Any:
    return json.loads(urllib.request.urlopen(url, timeout=timeout).read())


def procedure_code(base: str) -> str:
    """The first procedure of the catalogue page (the same at both catalogue sizes)."""
    html = urllib.request.urlopen(base + paths.CATALOGUE, timeout=60).read().decode()
    match = re.search(rf'href="{re.escape(paths.CATALOGUE)}([0-9][\w.\-]*)/"', html)
    if match is None:
        raise RuntimeError(f"no procedure link on {paths.CATALOGUE}")
    return match.group(1)


def catalogue_rows(base: str, baseline: Timing, *, size: str, code: str) -> list[Timing]:
    return [
        time_get(base + paths.CATALOGUE, label=f"{paths.CATALOGUE} ({size})", n=N, baseline=baseline),
        time_get(base + FILTERED, label=f"filtered catalogue ({size})", n=N, baseline=baseline),
        time_get(
            base + paths.procedure(code),
            label=f"procedure page ({size})",
            n=N,
            baseline=baseline,
        ),
    ]


def statistics_rows(base: str, baseline: Timing, *, size: str) -> list[Timing]:
    totals = get_json(base + STATS_API, timeout=300)["totals"]
    progress(
        f"statistics at {size}: received {totals['received']:,}, resolved {totals['resolved']:,}, "
        f"late {totals['late']:,} (late_rate {totals['late_rate']})"
    )
    return [
        time_get(base + STATS_PAGE, label=f"{paths.STATISTICS} page ({size})", n=N, baseline=baseline),
        time_get(base + STATS_API, label=f"{paths.API_STATISTICS} ({size})", n=N, baseline=baseline),
        *trends_rows(base, baseline, size=size),
    ]


def trends_rows(base: str, baseline: Timing, *, size: str) -> list[Timing]:
    """The late rate month by month (page and API), beside the statistics rows of the same server."""
    series = get_json(base + TRENDS_API, timeout=300)["series"]
    points = series[0]["points"] if series else []
    progress(f"trends at {size}: {len(points)} months, late_rate {[p['value'] for p in points]}")
    return [
        time_get(base + TRENDS_PAGE, label=f"{paths.TRENDS} page ({size})", n=N, baseline=baseline),
        time_get(base + TRENDS_API, label=f"{paths.API_TRENDS} ({size})", n=N, baseline=baseline),
    ]


def search_rows(base: str, baseline: Timing, *, size: str) -> list[Timing]:
    code_hits = get_json(query_url(base, paths.API_SEARCH, "2.005003"))
    word_hits = get_json(query_url(base, paths.API_SEARCH, "dang ky"))
    first = code_hits["results"][0]["url"] if code_hits["results"] else "nothing"
    progress(f"search at {size}: 'dang ky' {word_hits['count']:,} hits; '2.005003' first hit {first}")
    return [
        time_urls(
            [query_url(base, paths.SEARCH, text) for text in SEARCH_QUERIES],
            label=f"site search ×{len(SEARCH_QUERIES)} ({size})",
            rounds=ROUNDS,
            baseline=baseline,
        ),
        time_urls(
            [query_url(base, paths.SUGGEST, text) for text in AUTOCOMPLETE_QUERIES],
            label=f"autocomplete ×{len(AUTOCOMPLETE_QUERIES)} ({size})",
            rounds=ROUNDS * 2,
            baseline=baseline,
        ),
    ]


def cached_search_rows(env: dict[str, str], *, size: str) -> list[Timing]:
    """The site search as deployed, for a query asked again within ``PAGE_CACHE_SECONDS``: the
    public page cache on (one worker, so its local-memory cache holds every warmed query),
    beside the static file of the same server. The other rows time computing each answer."""
    with server({**env, "PAGE_CACHE_ENABLED": "true"}, workers=1) as base:
        baseline = static_baseline(base)
        urls = [query_url(base, paths.SEARCH, text) for text in SEARCH_QUERIES]
        urllib.request.urlopen(urls[0], timeout=60).read()
        with urllib.request.urlopen(urls[0], timeout=60) as response:
            progress(
                f"site search with the page cache on: second request X-Cache {response.headers['X-Cache']}"
            )
        row = time_urls(
            urls,
            label=f"site search ×{len(urls)}, asked again, page cache on ({size})",
            rounds=ROUNDS,
            baseline=baseline,
        )
    return [baseline, row]


def dossier_search_row(base: str, baseline: Timing, *, size: str) -> Timing:
    urls = [query_url(base, paths.DOSSIER_SEARCH, text) for text in DOSSIER_SEARCH_QUERIES]
    return time_urls(
        urls,
        label=f"{paths.DOSSIER_SEARCH} ×{len(DOSSIER_SEARCH_QUERIES)} ({size})",
        rounds=ROUNDS,
        baseline=baseline,
    )
