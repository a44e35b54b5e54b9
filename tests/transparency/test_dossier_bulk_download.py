"""The whole anonymised dossier data set: a streamed CSV in gzip, its data dictionary page and
its companion description."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from tests.schema_org import json_ld_blocks, validate
from tests.transparency.apology_data import dossier_make, notice_publish, two_departments
from transparency.models import Dossier
from transparency.models.dossiers import lookup_digest
from transparency.selectors.open_data import DOSSIER_COLUMNS
from transparency.services.statistics import statistics_refresh

pytestmark = pytest.mark.django_db

BULK = "/thong-ke/du-lieu-ho-so/tai-ve.csv.gz/"
META = "/thong-ke/du-lieu-ho-so/tai-ve.meta.json/"
DICTIONARY = "/thong-ke/du-lieu-ho-so/"


@pytest.fixture
def dossiers(site_tree):
    data = two_departments()
    late = dossier_make(
        procedure=data["justice_procedure"],
        code="000.00.01.H49-190304-0001",
        received=dt.date(2019, 3, 4),
        due=dt.date(2019, 3, 11),
        resolved=dt.date(2019, 3, 15),
        applicant="Nguyễn Văn Bảo",
    )
    Dossier.objects.filter(pk=late.pk).update(
        lookup_secret=lookup_digest(code=late.code, secret="X7K2"), late_days=4, processing_days=9
    )
    dossier_make(
        procedure=data["building_procedure"],
        code="=HYPERLINK(1)",
        received=dt.date(2019, 3, 5),
        due=dt.date(2019, 3, 20),
        applicant="Trần Thị Mỹ Duyên",
    )
    dossier_make(
        procedure=data["building_procedure"],
        code="000.00.02.H49-190306-0003",
        received=dt.date(2019, 3, 6),
        due=dt.date(2019, 3, 20),
        status="withdrawn",
    )
    notice_publish(late)
    statistics_refresh()
    return data


def _rows(response) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content)
    text = gzip.decompress(body).decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads the BOM as UTF-8
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_bulk_download_is_every_dossier_as_gzipped_csv(dossiers, client):
    response = client.get(BULK)

    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/gzip"
    assert response["Content-Disposition"] == 'attachment; filename="ho-so.csv.gz"'
    rows = _rows(response)
    assert [row["code"] for row in rows] == [
        "000.00.01.H49-190304-0001",
        "'=HYPERLINK(1)",  # a formula is written as text
        "000.00.02.H49-190306-0003",
    ]
    assert list(rows[0]) == [column.key for column in DOSSIER_COLUMNS]
    late = rows[0]
    assert late["procedure_code"] == dossiers["justice_procedure"].code
    assert late["department"] == dossiers["justice_procedure"].department.slug
    assert late["received_at"] == "2019-03-04T09:00:00+07:00" and late["received_on"] == "2019-03-04"
    assert late["due_on"] == "2019-03-11" and late["resolved_on"] == "2019-03-15"
    assert (late["status"], late["outcome"], late["late_days"], late["has_apology"]) == (
        "resolved",
        "late",
        "4",
        "true",
    )
    assert rows[1]["resolved_at"] == "" and rows[1]["outcome"] == "" and rows[1]["has_apology"] == "false"
    assert rows[2]["status"] == "withdrawn"


def test_bulk_download_is_anonymised(dossiers, client):
    body = gzip.decompress(b"".join(client.get(BULK).streaming_content)).decode("utf-8")

    for private in ("Nguyễn Văn Bảo", "Trần Thị Mỹ Duyên", "Nguyễn", "X7K2"):
        assert private not in body
    assert not {"applicant_name", "lookup_secret"} & {column.key for column in DOSSIER_COLUMNS}


def test_bulk_download_states_what_it_stands_on(dossiers, client):
    response = client.get(BULK)

    assert response["X-Data-From"] == "2019-03-01"
    assert response["X-Data-Through"] == "2019-03-15"
    assert response["X-Rows"] == "3"
    assert 'rel="describedby"' in response["Link"] and "tai-ve.meta.json" in response["Link"]
    assert '<https://creativecommons.org/licenses/by/4.0/>; rel="license"' in response["Link"]
    assert "max-age=0" in response["Cache-Control"] and "public" in response["Cache-Control"]


def test_bulk_download_revalidates_without_reading_rows(dossiers, client):
    etag = client.get(BULK)["ETag"]
    with CaptureQueriesContext(connection) as queries:
        again = client.get(BULK, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert not [q["sql"] for q in queries.captured_queries if '"transparency_dossier"."code"' in q["sql"]]
    # A new import changes the file, and its validator with it.
    dossier_make(
        procedure=dossiers["justice_procedure"],
        code="H-new",
        received=dt.date(2019, 3, 14),
        due=dt.date(2019, 3, 25),
    )
    statistics_refresh()
    assert client.get(BULK, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_bulk_download_reads_the_table_in_chunks(dossiers):
    from transparency.selectors.open_data import dossier_bulk_rows

    assert [row[0] for row in dossier_bulk_rows(chunk_rows=1)] == [
        "000.00.01.H49-190304-0001",
        "'=HYPERLINK(1)",
        "000.00.02.H49-190306-0003",
    ]


def test_bulk_download_counts_against_the_download_rate_limit():
    from website.middleware import rate_limit_group

    assert rate_limit_group(path=BULK) == "downloads"
    assert rate_limit_group(path="/en" + BULK) == "downloads"
    assert rate_limit_group(path=META) == "downloads"


def test_without_dossiers_the_file_is_its_header(site_tree, client):
    rows = gzip.decompress(b"".join(client.get(BULK).streaming_content)).decode("utf-8").splitlines()
    assert rows == ["\ufeff" + ",".join(column.key for column in DOSSIER_COLUMNS)]
    assert client.get(BULK)["X-Data-Through"] == "unknown"


def test_unknown_format_is_a_404(dossiers, client):
    assert client.get("/thong-ke/du-lieu-ho-so/tai-ve.zip/").status_code == 404


def test_companion_describes_columns_licence_and_data(dossiers, client):
    meta = client.get(META).json()

    assert meta["data_from"] == "2019-03-01" and meta["data_through"] == "2019-03-15"
    assert meta["rows"] == 3
    assert (
        meta["license"] == "https://creativecommons.org/licenses/by/4.0/"
        and meta["license_name"] == "CC BY 4.0"
    )
    assert meta["download_url"] == "http://testserver" + BULK
    assert meta["data_dictionary_url"] == "http://testserver" + DICTIONARY
    assert [c["key"] for c in meta["columns"]] == [column.key for column in DOSSIER_COLUMNS]
    channel = next(c for c in meta["columns"] if c["key"] == "channel")
    assert {v["value"] for v in channel["values"]} == {"in_person", "online", "post"}


def test_dictionary_page_documents_every_column_and_the_data_it_stands_on(dossiers, client):
    html = client.get(DICTIONARY).text

    for column in DOSSIER_COLUMNS:
        assert f'<tr id="cot-{column.key}">' in html
    assert "Tệp gồm 3 hồ sơ, dữ liệu từ 01/03/2019 đến 15/03/2019." in html
    assert f'href="http://testserver{BULK}"' in html and f'href="http://testserver{META}"' in html
    assert 'rel="license">CC BY 4.0</a>' in html
    assert "tên người nộp hồ sơ" in html


def test_dictionary_page_in_english(dossiers, client):
    response = client.get("/en" + DICTIONARY)
    assert response.status_code == 200
    html = response.text
    assert "Data dictionary" in html and "Dossier data (all, anonymised)" in html
    assert "The file holds 3 dossiers, data from 01/03/2019 to 15/03/2019." in html
    assert 'href="http://testserver/en/thong-ke/du-lieu-ho-so/tai-ve.csv.gz/"' in html


def test_dictionary_page_describes_the_dataset_for_search_engines(dossiers, client):
    (dataset,) = json_ld_blocks(client.get(DICTIONARY).text)

    assert validate(dataset) == []
    assert dataset["@type"] == "Dataset"
    assert dataset["temporalCoverage"] == "2019-03-01/2019-03-15"
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert dataset["distribution"] == [
        {
            "@type": "DataDownload",
            "contentUrl": "http://testserver" + BULK,
            "encodingFormat": "application/gzip",
        }
    ]


def test_statistics_page_describes_its_selection_as_a_dataset(dossiers, client):
    (dataset,) = json_ld_blocks(client.get("/thong-ke/?start=2019-03-01&end=2019-12-31").text)

    assert validate(dataset) == []
    assert dataset["url"] == "http://testserver/thong-ke/?start=2019-03-01&end=2019-12-31"
    # The figures know nothing after the data's last day.
    assert dataset["temporalCoverage"] == "2019-03-01/2019-03-15"
    assert [d["encodingFormat"] for d in dataset["distribution"]] == [
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/json",
    ]
    assert dataset["distribution"][0]["contentUrl"] == (
        "http://testserver/thong-ke/tai-ve.csv/?start=2019-03-01&end=2019-12-31"
    )


def test_licence_is_a_setting(dossiers, client):
    with override_settings(PORTAL_DATA_LICENSE="CC0-1.0"):
        assert client.get(META).json()["license"] == "https://creativecommons.org/publicdomain/zero/1.0/"
        assert 'rel="license">CC0 1.0</a>' in client.get("/thong-ke/").text
    with override_settings(
        PORTAL_DATA_LICENSE="https://data.example.gov.vn/giay-phep/",
        PORTAL_DATA_LICENSE_NAME="Giấy phép tỉnh",
    ):
        assert (
            'href="https://data.example.gov.vn/giay-phep/" rel="license">Giấy phép tỉnh</a>'
            in client.get(DICTIONARY).text
        )


def test_statistics_downloads_name_the_licence(dossiers, client):
    meta = client.get("/thong-ke/tai-ve.meta.json/?start=2019-03-01&end=2019-03-31").json()
    assert meta["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert json.loads(client.get("/xin-loi/tai-ve/json/").content)["license"] == meta["license"]
