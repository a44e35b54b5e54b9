"""Locust scenario of `make loadtest`: citizens and journalists mixed, plus a static-file user.

Run by ``benchmarks/loadtest.py`` (which picks the user classes per run); on its own:
``locust -f benchmarks/locustfile.py --host http://127.0.0.1:8000 CitizenUser JournalistUser``.
"""

from __future__ import annotations

import os
import random

from locust import HttpUser, between, task

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
                "/api/v1/procedures?page_size=100", name="/api/v1/procedures (setup)"
            ).json()
            PortalUser.procedure_codes = tuple(item["code"] for item in page.get("results", [])) or (
                "1.004222",
            )
            departments = self.client.get("/api/v1/departments", name="/api/v1/departments (setup)").json()
            PortalUser.department_slugs = tuple(d["slug"] for d in departments) or ("so-tu-phap",)


class CitizenUser(PortalUser):
    """Looks for a procedure: home, search, catalogue, a procedure page."""

    weight = 3

    @task(2)
    def home(self) -> None:
        self.client.get("/", name="/")

    @task(3)
    def search(self) -> None:
        self.client.get(f"/tim-kiem/?q={random.choice(SEARCHES)}", name="/tim-kiem/?q=…")

    @task(2)
    def catalogue(self) -> None:
        self.client.get(
            random.choice(("/thu-tuc/", "/thu-tuc/?level=province", "/thu-tuc/?page=2")), name="/thu-tuc/"
        )

    @task(4)
    def procedure(self) -> None:
        self.client.get(f"/thu-tuc/{random.choice(self.procedure_codes)}/", name="/thu-tuc/<code>/")


class JournalistUser(PortalUser):
    """Reads the statistics for periods and departments, downloads them, uses the API."""

    weight = 2

    @task(3)
    def statistics(self) -> None:
        self.client.get(f"/thong-ke/{random.choice(PERIODS)}", name="/thong-ke/?period")

    @task(1)
    def department(self) -> None:
        self.client.get(f"/co-quan/{random.choice(self.department_slugs)}/", name="/co-quan/<slug>/")

    @task(2)
    def download(self) -> None:
        fmt = random.choice(("csv", "xlsx", "json"))
        self.client.get(f"/thong-ke/tai-ve.{fmt}/{random.choice(PERIODS)}", name="/thong-ke/tai-ve.<fmt>/")

    @task(3)
    def api(self) -> None:
        path = random.choice(
            (
                "/api/v1/statistics?start=2019-01-01&end=2019-06-30",
                "/api/v1/statistics/monthly?start=2019-01-01&end=2019-12-31",
                "/api/v1/procedures?page=1",
                "/api/v1/apologies",
            )
        )
        self.client.get(path, name=path.split("?")[0])

    @task(1)
    def register(self) -> None:
        self.client.get("/xin-loi/", name="/xin-loi/")


class StaticUser(HttpUser):
    """The baseline: one hashed static file, as fast as the server can answer anything."""

    wait_time = between(0.5, 2)
    static_path = os.environ.get("LOADTEST_STATIC_PATH", "/static/css/portal.css")

    @task
    def static_file(self) -> None:
        self.client.get(self.static_path, name="static file")
