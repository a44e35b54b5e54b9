"""Codes find their object or nothing, on the page (/tim-kiem/), the API (/api/v1/search) and
the header suggestions (/tim-kiem/goi-y/), whichever database backend is configured."""

from __future__ import annotations

import datetime as dt

import pytest

from search.query import CodeKind, code_shape, query_parse
from search.selectors import site_search
from tests.factories import ProcedureFactory
from tests.search.conftest import reindex

pytestmark = pytest.mark.django_db

MISSING_PROCEDURE = "1.004222"
NOTICE_DOSSIER = "000.00.22.H49-191024-0007"
SILENT_DOSSIER = "000.00.22.H49-191024-0008"
APPLICANT = "Trần Thị Bích Ngọc"


@pytest.fixture
def notices(site_tree, catalogue):
    """Two late dossiers of one day and department: the first has a public notice, the second none."""
    from tests.transparency.apology_data import dossier_make, notice_publish

    received, due = dt.date(2019, 10, 24), dt.date(2019, 10, 31)
    apologised = dossier_make(
        procedure=catalogue["marriage"],
        code=NOTICE_DOSSIER,
        received=received,
        due=due,
        resolved=dt.date(2019, 11, 5),
        applicant=APPLICANT,
    )
    dossier_make(
        procedure=catalogue["marriage"],
        code=SILENT_DOSSIER,
        received=received,
        due=due,
        resolved=dt.date(2019, 11, 6),
        applicant=APPLICANT,
    )
    notice = notice_publish(apologised, issued_on=dt.date(2019, 10, 29))
    return {"notice": notice, **catalogue}


# --- what is code-shaped, decided once for every backend -----------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("1.004222", CodeKind.PROCEDURE, "1.004222"),
        (" 2.000123.000.00.00.h49 ", CodeKind.PROCEDURE, "2.000123.000.00.00.H49"),
        ("000.00.03.H49-191024-0007", CodeKind.DOSSIER, "000.00.03.H49-191024-0007"),
        ("000.00.03.h49-191024-0007", CodeKind.DOSSIER, "000.00.03.H49-191024-0007"),
    ],
)
def test_well_formed_codes_are_read_as_codes(text, kind, value):
    code = code_shape(text)
    assert code is not None and (code.kind, code.value) == (kind, value)
    assert query_parse(text=text).code == code


@pytest.mark.parametrize(
    "text", ["1.0042", "004222", "H49", "2735/QĐ-UBND", "66/2023/TT-BCA", "dang ky 1.004222", "1.0042221"]
)
def test_fragments_names_and_decision_numbers_are_not_codes(text):
    assert code_shape(text) is None


# --- a procedure code that does not exist ----------------------------------------------------


def test_missing_procedure_code_finds_nothing_and_the_page_says_so(client, catalogue):
    html = client.get("/tim-kiem/", {"q": MISSING_PROCEDURE}).content.decode()
    assert f"Không có thủ tục mã {MISSING_PROCEDURE}" in html
    assert "search-hit__title" not in html
    # The catalogue's own codes (1.000894, 1.004227…) share the piece "1": none is a hit.
    assert "/thu-tuc/1.004227/" not in html and "/thu-tuc/1.000894/" not in html


def test_missing_procedure_code_finds_nothing_in_the_api_and_says_so(client, catalogue):
    data = client.get("/api/v1/search", {"q": MISSING_PROCEDURE}).json()
    assert data["count"] == 0 and data["results"] == []
    assert data["code"] == {
        "kind": "procedure",
        "value": MISSING_PROCEDURE,
        "found": False,
        "message": f"Không có thủ tục mã {MISSING_PROCEDURE}.",
    }


def test_missing_local_variant_is_not_answered_with_other_procedures(client, catalogue):
    outcome = site_search(text="1.004227.000.00.00.H49")
    assert outcome.hits == [] and outcome.count == 0
    assert outcome.code_message == "Không có thủ tục mã 1.004227.000.00.00.H49."


def test_missing_procedure_code_suggests_nothing(client, catalogue):
    assert client.get("/tim-kiem/goi-y/", {"q": MISSING_PROCEDURE}).json()["suggestions"] == []


def test_existing_code_is_the_only_hit_and_marked_as_such(client, catalogue):
    outcome = site_search(text="1.004227")
    assert [h.url for h in outcome.hits] == ["/thu-tuc/1.004227/"]
    assert outcome.hits[0].exact and outcome.code_found and outcome.code_message == ""
    data = client.get("/api/v1/search", {"q": "1.004227"}).json()
    assert data["count"] == 1 and data["results"][0]["url"].endswith("/thu-tuc/1.004227/")
    assert data["code"]["found"] is True and data["code"]["message"] == ""
    assert {v["value"]: v["count"] for v in data["facets"]["type"]} == {"thu-tuc": 1}


def test_local_variant_code_finds_its_procedure_and_is_suggested(client, catalogue):
    variant = ProcedureFactory(code="2.000123.000.00.00.H49", name="Cấp bản sao trích lục hộ tịch")
    reindex(variant)
    assert [h.url for h in site_search(text="2.000123.000.00.00.h49").hits] == [variant.get_absolute_url()]
    labels = [
        s["label"]
        for s in client.get("/tim-kiem/goi-y/", {"q": "2.000123.000.00.00.H49"}).json()["suggestions"]
    ]
    assert labels == ["2.000123.000.00.00.H49 – Cấp bản sao trích lục hộ tịch"]


def test_existing_code_outside_the_filters_is_not_called_missing(client, catalogue):
    html = client.get("/tim-kiem/", {"q": "1.004227", "department": "so-tu-phap"}).content.decode()
    assert "Không có thủ tục mã" not in html
    assert "Không tìm thấy kết quả nào." in html and "Bỏ các bộ lọc đang chọn" in html


# --- code-like text is not searched piece by piece -------------------------------------------


def test_partial_code_is_not_relaxed_to_any_of_its_pieces(client, catalogue):
    outcome = site_search(text="1.0042")
    assert not outcome.relaxed and outcome.hits == []
    assert client.get("/api/v1/search", {"q": "1.0042"}).json()["count"] == 0
    # Suggestions still complete the start of a code.
    urls = [s["url"] for s in client.get("/tim-kiem/goi-y/", {"q": "1.0042"}).json()["suggestions"]]
    assert urls == ["/thu-tuc/1.004227/", "/thu-tuc/1.004228/"]


def test_words_are_still_relaxed_to_any_word(catalogue):
    outcome = site_search(text="ket hon zzzqqq")
    assert outcome.relaxed and outcome.hits[0].url == "/thu-tuc/1.000894/"


def test_decision_and_legal_numbers_still_find_by_their_words(catalogue):
    outcome = site_search(text="2735/qd-ubnd")
    assert outcome.hits[0].type == "quyet-dinh" and outcome.hits[0].exact
    assert outcome.code is None


# --- dossier codes: the notice for that dossier, or a plain "no public notice" ----------------


def test_dossier_code_puts_its_notice_first_on_the_page_and_in_the_api(client, notices):
    notice = notices["notice"]
    outcome = site_search(text=NOTICE_DOSSIER.lower())
    assert [h.url for h in outcome.hits] == [notice.url]
    assert outcome.hits[0].exact and outcome.hits[0].type == "xin-loi"
    html = client.get("/tim-kiem/", {"q": NOTICE_DOSSIER}).content.decode()
    assert f'href="{notice.url}"' in html and "Trùng khớp mã" in html
    data = client.get("/api/v1/search", {"q": NOTICE_DOSSIER}).json()
    assert [r["url"] for r in data["results"]] == [f"http://testserver{notice.url}"]
    assert data["code"]["kind"] == "dossier" and data["code"]["found"] is True
    for text in (html, str(data)):
        assert APPLICANT not in text


def test_dossier_code_suggests_its_notice(client, notices):
    suggestions = client.get("/tim-kiem/goi-y/", {"q": NOTICE_DOSSIER}).json()["suggestions"]
    assert [(s["type"], s["url"]) for s in suggestions] == [("xin-loi", notices["notice"].url)]
    assert APPLICANT not in str(suggestions)


def test_dossier_without_notice_says_no_public_notice_exists(client, notices):
    html = client.get("/tim-kiem/", {"q": SILENT_DOSSIER}).content.decode()
    assert f"Không có thư xin lỗi công khai nào cho hồ sơ mã {SILENT_DOSSIER}." in html
    # The other dossier's notice shares every piece of the code but one: it is not a hit.
    assert notices["notice"].url not in html
    assert APPLICANT not in html
    data = client.get("/api/v1/search", {"q": SILENT_DOSSIER}).json()
    assert data["count"] == 0 and data["results"] == []
    assert data["code"]["found"] is False and SILENT_DOSSIER in data["code"]["message"]
    assert client.get("/tim-kiem/goi-y/", {"q": SILENT_DOSSIER}).json()["suggestions"] == []


def test_unknown_dossier_code_says_the_same_as_one_without_notice(client, notices):
    outcome = site_search(text="000.00.99.H49-190101-0001")
    assert outcome.hits == []
    assert (
        outcome.code_message == "Không có thư xin lỗi công khai nào cho hồ sơ mã 000.00.99.H49-190101-0001."
    )
