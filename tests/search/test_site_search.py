"""Acceptance tests of /tim-kiem/; they run on whichever database backend is configured."""

from __future__ import annotations

import pytest

from search.selectors import site_search
from tests.factories import ProcedureFactory
from tests.search.conftest import reindex

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query", ["dang ky thuong tru", "Đăng ký thường trú", "1.004222", "DANG KY THUONG TRU"]
)
def test_registration_of_permanent_residence_comes_first(query, sample_procedure, catalogue):
    outcome = site_search(text=query)
    assert outcome.hits[0].url == "/thu-tuc/1.004222/"
    assert outcome.hits[0].title == "Đăng ký thường trú"


def test_unaccented_and_accented_queries_find_the_same_procedures(catalogue):
    plain = [h.url for h in site_search(text="dang ky dat dai").hits]
    accented = [h.url for h in site_search(text="Đăng ký đất đai").hits]
    assert plain == accented
    assert set(plain) >= {"/thu-tuc/1.004227/", "/thu-tuc/1.004228/"}


def test_decision_number_typed_without_accents_puts_the_decision_first(catalogue):
    outcome = site_search(text="2735/QD-UBND")
    assert outcome.hits[0].type == "quyet-dinh"
    assert outcome.hits[0].exact


def test_hits_show_type_key_facts_and_highlighted_words(catalogue):
    hit = site_search(text="ket hon").hits[0]
    assert hit.type_label == "Thủ tục hành chính"
    assert "<mark>kết</mark> <mark>hôn</mark>" in hit.title_html
    assert ("Cơ quan", "Sở Tư pháp") in [(str(label), value) for label, value in hit.facts]
    assert "<mark>" in hit.snippet.html


def test_department_facet_narrows_results_and_counts_match(catalogue):
    outcome = site_search(text="dang ky")
    departments = {v.value: v.count for v in outcome.facets["department"]}
    assert departments == {"so-tu-phap": 2, "so-tai-nguyen": 2}
    narrowed = site_search(text="dang ky", params={"department": ["so-tai-nguyen"]})
    assert {h.url for h in narrowed.hits} == {"/thu-tuc/1.004227/", "/thu-tuc/1.004228/"}
    assert narrowed.count == 2


def test_level_and_field_facets_narrow_results(catalogue):
    outcome = site_search(text="dang ky", params={"level": ["commune"]})
    assert [h.url for h in outcome.hits] == ["/thu-tuc/1.004227/"]
    outcome = site_search(text="dang ky", params={"field": ["ho-tich"]})
    assert {h.url for h in outcome.hits} == {"/thu-tuc/1.000894/", "/thu-tuc/1.001193/"}


def test_type_facet_limits_results_to_one_kind(catalogue):
    outcome = site_search(text="so tu phap", types=["co-quan"])
    assert [h.type for h in outcome.hits] == ["co-quan"]
    counts = {v.value: v.count for v in outcome.facets["type"]}
    assert counts["co-quan"] == 1 and counts["thu-tuc"] >= 1


def test_results_are_paginated(db):
    procedures = [ProcedureFactory(code=f"5.{i:06d}", name=f"Cấp giấy phép số {i}") for i in range(23)]
    reindex(*procedures)
    first = site_search(text="giay phep", page=1)
    third = site_search(text="giay phep", page=3)
    assert first.count == 23 and first.pages == 3
    assert len(first.hits) == 10 and len(third.hits) == 3
    assert not {h.url for h in first.hits} & {h.url for h in third.hits}


def test_search_page_works_without_javascript_and_links_facets(client, catalogue):
    response = client.get("/tim-kiem/", {"q": "dang ky"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>đăng</mark> <mark>ký</mark> kết hôn" in html
    assert "department=so-tai-nguyen" in html
    assert 'href="/thu-tuc/1.000894/"' in html


def test_empty_query_gives_a_helpful_page(client, db):
    response = client.get("/tim-kiem/")
    assert response.status_code == 200
    assert "Gợi ý tìm kiếm" in response.content.decode()


def test_english_interface_has_the_search_page(client, catalogue):
    assert client.get("/en/tim-kiem/", {"q": "ket hon"}).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "*",
        "a:b",
        "\\",
        "x" * 5000,
        "y " * 5000,
        "dat AND OR NOT",
        "\x00\x1b[31m",
        "<script>alert(1)</script>",
    ],
)
def test_hostile_queries_never_fail_and_are_never_echoed_unescaped(client, catalogue, query):
    response = client.get("/tim-kiem/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()
    api = client.get("/api/v1/search", {"q": query})
    assert api.status_code == 200


def test_very_long_query_is_cut_with_a_message(client, catalogue):
    html = client.get("/tim-kiem/", {"q": "ket hon " * 2000}).content.decode()
    assert "quá dài" in html


def test_words_that_match_nothing_together_fall_back_to_any_word(catalogue):
    outcome = site_search(text="ket hon zzzqqq")
    assert outcome.relaxed
    assert outcome.hits[0].url == "/thu-tuc/1.000894/"


def test_apology_notices_are_found_with_or_without_diacritics(site_tree):
    import datetime as dt

    from tests.transparency.apology_data import dossier_make, notice_publish, two_departments

    data = two_departments()
    dossier = dossier_make(
        procedure=data["justice_procedure"],
        code="000.00.22.H59-190304-0001",
        received=dt.date(2019, 3, 4),
        due=dt.date(2019, 3, 11),
    )
    notice = notice_publish(dossier, reason="Hồ sơ phải xác minh thêm tại địa phương.")
    found = {}
    for text in ("xác minh thêm tại địa phương", "xac minh them tai dia phuong", notice.notice_number):
        outcome = site_search(text=text, types=["xin-loi"])
        found[text] = [hit.url for hit in outcome.hits]
    assert all(urls[:1] == [notice.url] for urls in found.values()), found
    assert "Nguyễn Văn An" not in str(site_search(text="nguyen van an").hits)


def test_a_kept_search_shows_a_new_procedure_on_the_next_request(
    site_tree, catalogue, client, django_capture_on_commit_callbacks
):
    from django.core.cache import cache
    from django.test import override_settings

    cache.clear()
    with override_settings(PORTAL_PAGE_CACHE_ENABLED=True, PORTAL_CACHE_GENERATION_FILE=""):
        assert "/thu-tuc/9.000001/" not in client.get("/tim-kiem/?q=khai+thac+thuy+san&_visit=1").text
        with django_capture_on_commit_callbacks(execute=True):
            reindex(ProcedureFactory(name="Cấp giấy phép khai thác thủy sản", code="9.000001"))
        assert "/thu-tuc/9.000001/" in client.get("/tim-kiem/?q=khai+thac+thuy+san&_visit=2").text
    cache.clear()
