"""A citizen looks up their own dossier at /tra-cuu/ and POST /api/v1/lookup: right codes answer
with status and dates, anything else answers alike, guessing is stopped, nothing personal shows."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.transparency.importers.test_dossier_import import catalogue  # noqa: F401  (fixture)
from transparency.importers.pipeline import dossier_import_apply
from transparency.models import Dossier, LookupDay

APPLICANT = "Nguyễn Thị Hoà Bình"
RECORDS = [
    {  # resolved two working days late
        "dossierNo": "QNA-0001",
        "serviceCode": "1.000001",
        "govAgencyName": "Sở Tư pháp",
        "receiveDate": "04/03/2019 09:00:00",
        "dueDate": "11/03/2019 17:00:00",
        "releaseDate": "13/03/2019 10:00:00",
        "finishDate": "13/03/2019 15:00:00",
        "dossierStatus": "done",
        "online": False,
        "viaPostal": 0,
        "applicantName": APPLICANT,
        "password": "K7QF",
    },
    {  # still being processed, due after the data's last day
        "dossierNo": "QNA-0002",
        "serviceCode": "1.000001",
        "govAgencyName": "Sở Tư pháp",
        "receiveDate": "12/03/2019 09:00:00",
        "dueDate": "19/03/2019 17:00:00",
        "releaseDate": "",
        "finishDate": "",
        "dossierStatus": "processing",
        "online": True,
        "viaPostal": 0,
        "applicantName": "Lê Văn Cường",
        "password": "M2PX",
    },
]


@pytest.fixture
def imported(site_tree, catalogue, tmp_path):  # noqa: F811
    path = tmp_path / "opencps.json"
    path.write_text(json.dumps({"total": 2, "data": RECORDS}, ensure_ascii=False), encoding="utf-8")
    assert dossier_import_apply(path=path).written
    return Dossier.objects.get(code="QNA-0001")


def _post(client: Client, code: str, secret: str, **extra) -> tuple[int, str]:
    response = client.post("/tra-cuu/", {"code": code, "secret": secret}, **extra)
    return response.status_code, response.content.decode()


def _api(client: Client, body: dict, **extra):
    return client.post("/api/v1/lookup", json.dumps(body), content_type="application/json", **extra)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_receipt_codes_show_status_dates_and_days_late_and_nothing_personal(imported, client):
    status, html = _post(client, "QNA-0001", " k7qf ")
    assert status == 200
    text = _text(html)
    assert "Đã giải quyết — trả kết quả trễ 2 ngày làm việc so với ngày hẹn" in text
    assert "Ngày hẹn trả 11/03/2019" in text and "Ngày trả kết quả 13/03/2019" in text
    assert 'href="/thu-tuc/1.000001/"' in html and 'href="/co-quan/so-tu-phap/"' in html
    assert "Hồ sơ trễ hạn: bạn có quyền gì" in text
    assert "Hồ sơ này chưa có thư xin lỗi được công bố." in text
    assert APPLICANT not in html and "Nguyễn" not in html and "K7QF" not in html


def test_an_open_dossier_says_how_many_working_days_remain_as_of_the_data(imported, client):
    status, html = _post(client, "QNA-0002", "M2PX")
    assert status == 200
    text = _text(html)
    # The data ends on 13/03/2019 (the last day any dossier was received or resolved).
    assert "Đang giải quyết — còn 4 ngày làm việc đến ngày hẹn trả" in text
    assert "Theo dữ liệu phần mềm một cửa đến ngày 13/03/2019" in text


def test_a_wrong_look_up_code_answers_exactly_as_an_unknown_dossier(imported, client):
    wrong = _post(client, "QNA-0001", "AAAA")
    unknown = _post(client, "QNA-9999", "AAAA")
    assert wrong[0] == unknown[0] == 404

    def without_echo(html: str, code: str) -> str:
        html = html.replace(f'value="{code}"', 'value=""')
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    assert without_echo(wrong[1], "QNA-0001") == without_echo(unknown[1], "QNA-9999")
    api_wrong, api_unknown = (
        _api(client, {"code": "QNA-0001", "secret": "AAAA"}),
        _api(client, {"code": "QNA-9999", "secret": "AAAA"}),
    )
    assert api_wrong.status_code == api_unknown.status_code == 404
    assert api_wrong.content == api_unknown.content


def test_the_api_answers_the_published_keys(imported, client):
    response = _api(client, {"code": "QNA-0001", "secret": "K7QF"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {
        "code",
        "procedure",
        "department",
        "channel",
        "received_on",
        "due_on",
        "rescheduled_to",
        "resolved_on",
        "status",
        "outcome",
        "late_days",
        "working_days_left",
        "apology",
    }
    assert body["procedure"] == {
        "code": "1.000001",
        "name": imported.procedure.name,
        "url": body["procedure"]["url"],
    }
    assert body["procedure"]["url"].endswith("/thu-tuc/1.000001/")
    assert (body["status"], body["outcome"], body["late_days"], body["apology"]) == (
        "resolved",
        "late",
        2,
        None,
    )
    assert APPLICANT not in response.content.decode()
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/lookup"]["post"]
    assert {"200", "400", "404", "429"} <= set(operation["responses"])


def test_the_look_up_code_is_stored_only_as_a_keyed_digest(imported):
    stored = Dossier.objects.get(code="QNA-0001").lookup_secret
    assert stored and "K7QF" not in stored.upper() and len(stored) == 64


@override_settings(RATELIMIT_ENABLE=True)
def test_guesses_against_one_code_from_many_addresses_are_stopped(imported, client):
    answers = [
        client.post("/tra-cuu/", {"code": "QNA-0001", "secret": f"G{n:03d}"}, REMOTE_ADDR=f"10.0.{n}.1")
        for n in range(30)
    ]
    statuses = [answer.status_code for answer in answers]
    assert statuses[:10] == [404] * 10
    assert set(statuses[10:]) == {429}
    assert int(answers[-1]["Retry-After"]) > 0
    # Even the right code is refused until the window passes.
    assert _post(client, "QNA-0001", "K7QF", REMOTE_ADDR="10.9.9.9")[0] == 429
    day = LookupDay.objects.get()
    assert (day.found, day.not_found, day.limited) == (0, 10, 21)


@override_settings(RATELIMIT_ENABLE=True)
def test_one_address_trying_many_codes_is_stopped_and_told_when_to_come_back(imported, client):
    statuses = [
        _api(client, {"code": f"QNA-{n:04d}", "secret": "AAAA"}, REMOTE_ADDR="10.1.1.1").status_code
        for n in range(100, 112)
    ]
    assert statuses[:10] == [404] * 10 and statuses[10:] == [429, 429]
    limited = _api(client, {"code": "QNA-0001", "secret": "K7QF"}, REMOTE_ADDR="10.1.1.1")
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
    assert limited.json()["retry_after"] > 0


@pytest.mark.parametrize(
    ("code", "secret", "message"),
    [
        ("", "K7QF", "Hãy nhập mã hồ sơ"),
        ("QNA-0001", "", "Hãy nhập mã tra cứu"),
        ("Q" * 10_000, "K7QF", "Mã hồ sơ dài tối đa 64 ký tự"),
        ("QNA\x00<script>alert(1)</script>", "K7QF", "chỉ gồm chữ, số"),
        ("QNA\u202e0001", "K7QF", "chỉ gồm chữ, số"),
    ],
)
def test_bad_input_gets_a_friendly_message_and_nothing_unescaped(imported, client, code, secret, message):
    status, html = _post(client, code, secret)
    assert status == 400
    assert message in html
    assert "<script>alert(1)" not in html


def test_a_dossier_without_a_look_up_code_follows_the_setting(imported, client, settings):
    Dossier.objects.filter(code="QNA-0002").update(lookup_secret="")
    assert _post(client, "QNA-0002", "M2PX")[0] == 404
    settings.PORTAL_LOOKUP_WITHOUT_SECRET = True
    assert _post(client, "QNA-0002", "")[0] == 200
    # A dossier that has a look-up code still needs it.
    assert _post(client, "QNA-0001", "")[0] == 404


def test_the_form_needs_its_csrf_token_and_is_never_cached(imported):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/tra-cuu/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert browser.post("/tra-cuu/", {"code": "QNA-0001", "secret": "K7QF"}).status_code == 403
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    answer = browser.post("/tra-cuu/", {"code": "QNA-0001", "secret": "K7QF", "csrfmiddlewaretoken": token})
    assert answer.status_code == 200
    assert "no-store" in answer["Cache-Control"]


def test_the_english_page_answers_in_english(imported, client):
    response = client.post("/en/tra-cuu/", {"code": "QNA-0001", "secret": "K7QF"})
    assert response.status_code == 200
    text = _text(response.content.decode())
    assert "Look up your dossier" in text
    assert 'href="/en/thu-tuc/1.000001/"' in response.content.decode()


def test_editors_see_daily_counts_and_no_codes(imported, client, django_user_model):
    _post(client, "QNA-0001", "K7QF")
    _post(client, "QNA-0001", "ZZZZ")
    editor = django_user_model.objects.create_superuser("centre", "c@example.gov.vn", "pw")
    client.force_login(editor)
    report = client.get(reverse("transparency_lookup_report")).content.decode()
    assert re.search(r"<td>1</td><td>1</td><td>0</td>", report)
    assert "QNA-0001" not in report and "ZZZZ" not in report
