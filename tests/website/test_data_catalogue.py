"""``/data.json``: every download of the portal, with its licence, as Project Open Data 1.1 lists it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import override_settings

from tests.transparency.apology_data import dossier_make, notice_publish, two_departments
from transparency.services.statistics import statistics_refresh

pytestmark = pytest.mark.django_db

#: Project Open Data 1.1: the fields a dataset must have (those "required if applicable" that
#: apply here included), and those of a distribution with a download.
DATASET_REQUIRED = {
    "@type",
    "title",
    "description",
    "keyword",
    "modified",
    "publisher",
    "contactPoint",
    "identifier",
    "accessLevel",
    "license",
    "spatial",
    "temporal",
    "accrualPeriodicity",
    "distribution",
}
ISO_INTERVAL = re.compile(r"^\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}$")
#: The ISO 8601 periods Project Open Data accepts for accrualPeriodicity, and "irregular".
PERIODICITIES = {"R/P1D", "R/P1W", "R/P1M", "R/P3M", "R/P1Y", "irregular"}

EXPECTED_DOWNLOADS = {
    "/thu-tuc/tai-ve.csv/": "text/csv",
    "/thu-tuc/tai-ve.xlsx/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "/thu-tuc/tai-ve.json/": "application/json",
    "/thong-ke/tai-ve.csv/": "text/csv",
    "/thong-ke/tai-ve.xlsx/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "/thong-ke/tai-ve.json/": "application/json",
    "/thong-ke/tai-ve.meta.json/": "application/json",
    "/thong-ke/du-lieu-ho-so/tai-ve.csv.gz/": "application/gzip",
    "/thong-ke/du-lieu-ho-so/tai-ve.meta.json/": "application/json",
    "/thong-ke/mau-nhap-ho-so.csv/": "text/csv",
    "/xin-loi/tai-ve/csv/": "text/csv",
    "/xin-loi/tai-ve/xlsx/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "/xin-loi/tai-ve/json/": "application/json",
    "/xin-loi/feed/": "application/atom+xml",
}


@pytest.fixture
def portal(site_tree):
    data = two_departments()
    late = dossier_make(
        procedure=data["justice_procedure"],
        code="H1-0001",
        received=dt.date(2019, 3, 4),
        due=dt.date(2019, 3, 11),
        resolved=dt.date(2019, 3, 15),
    )
    notice_publish(late)
    statistics_refresh()
    return data


@pytest.fixture
def catalogue(portal, client):
    response = client.get("/data.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def _downloads(catalogue):
    return {
        distribution["downloadURL"]: (dataset, distribution)
        for dataset in catalogue["dataset"]
        for distribution in dataset["distribution"]
        if "downloadURL" in distribution
    }


def test_catalogue_has_the_project_open_data_shape(catalogue):
    assert catalogue["@type"] == "dcat:Catalog"
    assert catalogue["conformsTo"] == "https://project-open-data.cio.gov/v1.1/schema"
    assert catalogue["@id"] == "http://testserver/data.json"
    assert len(catalogue["dataset"]) == 4
    for dataset in catalogue["dataset"]:
        assert set(dataset) >= DATASET_REQUIRED, DATASET_REQUIRED - set(dataset)
        assert dataset["accessLevel"] == "public"
        assert ISO_INTERVAL.match(dataset["temporal"]), dataset["temporal"]
        assert dataset["accrualPeriodicity"] in PERIODICITIES
        assert dt.datetime.fromisoformat(dataset["modified"])
        assert dataset["publisher"]["name"]


def test_every_download_is_listed_with_its_licence(catalogue):
    downloads = _downloads(catalogue)
    assert {url.removeprefix("http://testserver"): d["mediaType"] for url, (_ds, d) in downloads.items()} == (
        EXPECTED_DOWNLOADS
    )
    for dataset, distribution in downloads.values():
        assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
        assert distribution["license"] == dataset["license"]
        assert distribution["format"] and distribution["title"]


def test_every_listed_address_answers_with_its_media_type(catalogue, client):
    for url, (_dataset, distribution) in _downloads(catalogue).items():
        response = client.get(url.removeprefix("http://testserver"))
        assert response.status_code == 200, url
        assert response["Content-Type"].split(";")[0] == distribution["mediaType"], url
    for dataset in catalogue["dataset"]:
        for api in (d for d in dataset["distribution"] if "accessURL" in d):
            assert client.get(api["accessURL"].removeprefix("http://testserver")).status_code == 200


def test_the_data_the_datasets_stand_on(catalogue):
    by_title = {dataset["title"]: dataset for dataset in catalogue["dataset"]}
    statistics = by_title["Thống kê giải quyết hồ sơ theo cơ quan"]
    assert statistics["temporal"] == "2019-03-01/2019-03-15"
    assert statistics["accrualPeriodicity"] == "R/P1M"
    dossiers = by_title["Dữ liệu hồ sơ (toàn bộ, đã ẩn danh)"]
    assert dossiers["temporal"] == "2019-03-01/2019-03-15"
    assert dossiers["describedBy"] == "http://testserver/thong-ke/du-lieu-ho-so/"
    apologies = by_title["Sổ thư xin lỗi công khai"]
    assert apologies["temporal"] == "2019-03-04/2019-03-04"


def test_addresses_name_the_public_address(portal, client):
    with override_settings(PORTAL_BASE_URL="https://congkhai.example.gov.vn"):
        catalogue = client.get("/data.json", HTTP_HOST="localhost").json()
    urls = list(_downloads(catalogue))
    assert urls and all(url.startswith("https://congkhai.example.gov.vn/") for url in urls)


def test_licence_setting_reaches_every_dataset(portal, client):
    with override_settings(PORTAL_DATA_LICENSE="CC0-1.0"):
        catalogue = client.get("/data.json").json()
    assert {dataset["license"] for dataset in catalogue["dataset"]} == {
        "https://creativecommons.org/publicdomain/zero/1.0/"
    }


def test_unknown_licence_stops_start_up_with_its_name():
    from tests.website.test_settings import _django

    result = _django("website.settings.dev", "print('started')", PORTAL_DATA_LICENSE="BY-4")
    assert result.returncode != 0 and "started" not in result.stdout
    assert "PORTAL_DATA_LICENSE='BY-4'" in result.stderr and "CC-BY-4.0" in result.stderr
    named = _django(
        "website.settings.dev",
        "from core.licences import data_licence; print(data_licence())",
        PORTAL_DATA_LICENSE="https://data.example.gov.vn/giay-phep/",
        PORTAL_DATA_LICENSE_NAME="Giấy phép tỉnh",
    )
    assert "name='Giấy phép tỉnh', url='https://data.example.gov.vn/giay-phep/'" in named.stdout


def test_without_pages_the_catalogue_is_empty_not_an_error(db, client):
    catalogue = client.get("/data.json").json()
    assert catalogue["dataset"] == []
