"""No applicant's full name in any public output."""

from __future__ import annotations

import datetime as dt
import gzip
import io

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook

from tests.transparency.apology_data import dossier_make, notice_publish, two_departments
from transparency.models import ApologyNoticePage
from transparency.services.apologies import apology_department_page_ensure, apology_draft_defaults

pytestmark = pytest.mark.django_db

APPLICANTS = [
    "Nguyễn Văn Bảo",
    "Trần Thị Mỹ Duyên",
    "Lê Hoàng Phúc",
    "Phạm Thị Hồng Nhung",
    "Võ Minh Trí",
    "Huỳnh Gia Khang",
]


@pytest.fixture
def demo_like(site_tree):
    d = two_departments()
    published = []
    for i, name in enumerate(APPLICANTS):
        procedure = d["justice_procedure"] if i % 2 == 0 else d["building_procedure"]
        received = dt.date(2019, 3, 4) + dt.timedelta(days=7 * i)
        dossier = dossier_make(
            procedure=procedure,
            code=f"000.00.00.H01-19{i:04d}",
            received=received,
            due=received + dt.timedelta(days=7),
            resolved=received + dt.timedelta(days=12) if i < 4 else None,
            applicant=name,
        )
        if procedure == d["justice_procedure"]:
            published.append(notice_publish(dossier, issued_on=received + dt.timedelta(days=1)))
        elif i == 5:
            # A draft never published: its addressee is masked too and it must stay out of sight.
            section = apology_department_page_ensure(department=dossier.department)
            draft = ApologyNoticePage(**apology_draft_defaults(dossier=dossier), live=False)
            section.add_child(instance=draft)
            draft.save_revision(clean=False)
    call_command("update_index", verbosity=0)
    d["published"] = published
    return d


def _public_outputs(client, notice_urls: list[str]) -> dict[str, str]:
    addresses = [
        "/",
        "/en/",
        "/xin-loi/",
        "/en/xin-loi/",
        "/xin-loi/?sort=department",
        "/xin-loi/so-tu-phap/",
        "/xin-loi/so-xay-dung/",
        "/xin-loi/feed/",
        "/xin-loi/feed/so-tu-phap/",
        "/xin-loi/feed/so-xay-dung/",
        "/xin-loi/tai-ve/csv/",
        "/xin-loi/tai-ve/json/",
        "/api/v1/apologies",
        "/api/v1/apologies?department=so-xay-dung",
        "/sitemap.xml",
        "/co-quan/so-tu-phap/",
        "/co-quan/so-xay-dung/",
        "/thong-ke/",
        "/api/v1/statistics?start=2019-01-01&end=2019-12-31",
        "/api/v1/dossiers?start=2019-01-01&end=2019-12-31",
        "/thong-ke/bieu-doi-chieu.csv/?start=2019-01-01&end=2019-12-31&group=procedure",
        "/thong-ke/bieu-doi-chieu.meta.json/?start=2019-01-01&end=2019-12-31&group=procedure",
    ]
    for url in notice_urls:
        addresses += [url, f"{url}in/", f"/en{url}"]
    for name in APPLICANTS:
        family, given = name.split()[0], name.split()[-1]
        # Not the full name itself: the search page rightly echoes what the visitor typed.
        addresses += [f"/tim-kiem/?q={family}", f"/tim-kiem/?q={given}"]
        addresses += [f"/api/v1/search?q={family}", f"/tim-kiem/goi-y/?q={family}"]
    outputs = {address: client.get(address).content.decode("utf-8", "replace") for address in addresses}
    sheet = load_workbook(io.BytesIO(client.get("/xin-loi/tai-ve/xlsx/").content)).active
    outputs["xlsx"] = "\n".join(
        " ".join(str(c) for c in row if c is not None) for row in sheet.iter_rows(values_only=True)
    )
    bulk = client.get("/thong-ke/du-lieu-ho-so/tai-ve.csv.gz/")
    outputs["bulk"] = gzip.decompress(b"".join(bulk.streaming_content)).decode("utf-8")
    for address in ("/thong-ke/du-lieu-ho-so/", "/thong-ke/du-lieu-ho-so/tai-ve.meta.json/", "/data.json"):
        outputs[address] = client.get(address).content.decode("utf-8")
    return outputs


def test_no_public_output_contains_an_applicant_full_name(demo_like, client):
    # Each notice's address read once: the requests below may refresh Wagtail's cached site root
    # paths, and the test must look up the pages it fetched.
    notice_urls = [notice.url for notice in demo_like["published"]]
    outputs = _public_outputs(client, notice_urls)
    # The outputs are real: the register and the feed do list the notices (masked).
    assert "Nguyễn V. B." in outputs[notice_urls[0]]
    assert notice_urls[0] in outputs["/xin-loi/"]
    assert "Lê H. P." in outputs["/xin-loi/feed/"]
    assert "Nguyễn V. B." in outputs["xlsx"]
    assert "000.00.00.H01-190000" in outputs["bulk"]  # every dossier is in it, by code
    leaks = [
        (address, name)
        for address, body in outputs.items()
        for name in APPLICANTS
        if name.casefold() in body.casefold()
    ]
    assert leaks == []


def test_register_and_notice_pages_answer_for_every_public_address(demo_like, client):
    with translation.override("vi"):
        urls = [notice.url for notice in demo_like["published"]]
    for url in urls:
        for address in (url, f"{url}in/", f"/en{url}"):
            assert client.get(address).status_code == 200, address
