"""Locust scenario of `make loadtest`: citizens and journalists mixed, plus a static-file user.

Run by ``benchmarks/loadtest.py`` (which picks the user classes per run); on its own:
``locust -f benchmarks/locustfile.py --host http://127.0.0.1:8000 CitizenUser JournalistUser``.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

from locust import HttpUser, between, task

# locust puts this file's folder on the path, not the project's.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import paths

SEARCHES = ("dang ky", "giấy phép", "khai sinh", "dat dai", "ho tich", "1.004222", "xây dựng", "ket hon")
PERIODS = ("", "?year=2019", "?quarter=2019-Q2", "?month=2019-03", "?from=2019-01&to=2019-06&sort=-late")


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(0.5, 2)
    procedure_codes: tuple[str, ...] = ()
    department_slugs: tuple[str, ...] = ()

    def on_start(self) -> None:
        if not PortalUser.procedure_codes:
            page = self.client.get(
                f"{paths.API_PROCEDURES}?page_size=100", name=f"{paths.API_PROCEDURES} (setup)"
            ).json()
            PortalUser.procedure_codes = tuple(item["code"] for item in page.get("results", [])) or (
                "1.004222",
            )
            departments = self.client.get(
                paths.API_DEPARTMENTS, name=f"{paths.API_DEPARTMENTS} (setup)"
            ).json()
            PortalUser.department_slugs = tuple(d["slug"] for d in departments) or ("so-tu-phap",)


class CitizenUser(PortalUser):
    """Looks for a procedure: home, search, catalogue, a procedure page."""

    weight = 3

    @task(2)
    def home(self) -> None:
        self.client.get(paths.HOME, name=paths.HOME)

    @task(3)
    def search(self) -> None:
        self.client.get(f"{paths.SEARCH}?q={random.choice(SEARCHES)}", name=f"{paths.SEARCH}?q=…")

    @task(2)
    def catalogue(self) -> None:
        query = random.choice(("", "?level=province", "?page=2"))
        self.client.get(f"{paths.CATALOGUE}{query}", name=paths.CATALOGUE)

    @task(4)
    def procedure(self) -> None:
        self.client.get(paths.procedure(random.choice(self.procedure_codes)), name=paths.procedure("<code>"))


class JournalistUser(PortalUser):
    """Reads the statistics for periods and departments, downloads them, uses the API."""

    weight = 2

    @task(3)
    def statistics(self) -> None:
        self.client.get(f"{paths.STATISTICS}{random.choice(PERIODS)}", name=f"{paths.STATISTICS}?period")

    @task(1)
    def department(self) -> None:
        self.client.get(
            paths.department(random.choice(self.department_slugs)), name=paths.department("<slug>")
        )

    @task(2)
    def download(self) -> None:
        fmt = random.choice(("csv", "xlsx", "json"))
        self.client.get(
            f"{paths.statistics_download(fmt)}{random.choice(PERIODS)}",
            name=paths.statistics_download("<fmt>"),
        )

    @task(3)
    def api(self) -> None:
        path = random.choice(
            (
                f"{paths.API_STATISTICS}?start=2019-01-01&end=2019-06-30",
                f"{paths.API_STATISTICS_MONTHLY}?start=2019-01-01&end=2019-12-31",
                f"{paths.API_PROCEDURES}?page=1",
                paths.API_APOLOGIES,
            )
        )
        self.client.get(path, name=path.split("?")[0])

    @task(1)
    def register(self) -> None:
        self.client.get(paths.APOLOGIES, name=paths.APOLOGIES)


class StaticUser(HttpUser):
    """The baseline: one hashed static file, as fast as the server can answer anything."""

    wait_time = between(0.5, 2)
    static_path = os.environ.get("LOADTEST_STATIC_PATH", paths.STATIC_CSS_PLAIN)

    @task
    def static_file(self) -> None:
        self.client.get(self.static_path, name="static file")
