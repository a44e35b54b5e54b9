"""The slots through which other apps add to the catalogue's pages, API and filters."""

from __future__ import annotations

import re

import pytest
from django.test import RequestFactory

from procedures.enums import DecisionAction
from procedures.models import DecisionProcedure
from procedures.registry import (
    ApiField,
    ApiFieldRegistry,
    PageSection,
    SectionPage,
    SectionRegistry,
    TextMatcherSlot,
    catalogue_measures,
    catalogue_text,
    department_sections,
    procedure_sections,
)
from tests.factories import DecisionFactory, DepartmentFactory, ProcedureFactory

SECTION_TEMPLATE = "tests/extra_section.html"


@pytest.fixture
def extra_template(settings):
    """A template only the tests know, found before the portal's own."""
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [
        {
            **engine,
            "APP_DIRS": False,
            "OPTIONS": {
                **engine["OPTIONS"],
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {SECTION_TEMPLATE: '<section id="extra">{{ extra_word }}</section>'},
                    ),
                    "django.template.loaders.filesystem.Loader",
                    "django.template.loaders.app_directories.Loader",
                ],
            },
        }
    ]
    return SECTION_TEMPLATE


@pytest.fixture
def restore_registries(monkeypatch):
    """Registrations made by a test are forgotten after it."""
    for registry, attribute in (
        (procedure_sections, "_sections"),
        (department_sections, "_sections"),
        (catalogue_measures, "_measures"),
    ):
        monkeypatch.setattr(registry, attribute, dict(getattr(registry, attribute)))
    monkeypatch.setattr(catalogue_text, "_matcher", catalogue_text._matcher)


@pytest.fixture
def nothing_registered(restore_registries):
    """The catalogue as if no app registered anything in its slots."""
    procedure_sections._sections.clear()
    department_sections._sections.clear()
    catalogue_measures._measures.clear()
    catalogue_text._matcher = None


@pytest.fixture
def procedure(site_tree):
    department = DepartmentFactory(slug="so-tu-phap", name="Sở Tư pháp")
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký khai sinh", department=department)
    decision = DecisionFactory(number="2735/QĐ-UBND", slug="2735-qd-ubnd")
    DecisionProcedure.objects.create(decision=decision, procedure=procedure, action=DecisionAction.ADD)
    return procedure


def test_a_registered_section_shows_on_the_procedure_page_in_its_order(
    procedure, client, extra_template, restore_registries
):
    # After the data's freshness (order 10), before promised vs actual (order 20).
    procedure_sections.register(
        PageSection(
            key="tests.extra",
            place="figures",
            template=extra_template,
            context=lambda page: {"extra_word": f"Thêm cho {page.object.code}"},
            order=15,
            toc_anchor="extra",
            toc_label="Mục thêm",
        )
    )

    html = client.get("/thu-tuc/1.004222/").text

    assert '<section id="extra">Thêm cho 1.004222</section>' in html
    assert html.index('id="cach-thuc"') < html.index('id="extra"') < html.index('id="thuc-te"')
    toc = re.search(r'<nav class="procedure-toc.*?</nav>', html, re.S).group(0)
    assert toc.index('href="#cach-thuc"') < toc.index('href="#extra"') < toc.index('href="#thuc-te"')
    assert '<a href="#extra">Mục thêm</a>' in toc


def test_a_section_whose_context_is_none_is_left_out(procedure, client, extra_template, restore_registries):
    procedure_sections.register(
        PageSection(key="tests.none", place="figures", template=extra_template, context=lambda page: None)
    )

    assert 'id="extra"' not in client.get("/thu-tuc/1.004222/").text


def test_without_registrations_the_procedure_page_shows_the_catalogue_alone(
    procedure, client, nothing_registered
):
    response = client.get("/thu-tuc/1.004222/")

    assert response.status_code == 200
    html = response.text
    assert "Đăng ký khai sinh" in html and 'id="trinh-tu"' in html
    assert 'id="thuc-te"' not in html and 'href="#thuc-te"' not in html
    assert 'id="lich-su"' not in html and "stats-freshness" not in html
    assert "/feed/thu-tuc/1.004222/" not in html
    # The plain list of decisions stands in for the change history.
    assert "Quyết định công bố, sửa đổi, bãi bỏ" in html and 'href="/quyet-dinh/2735-qd-ubnd/"' in html


def test_without_registrations_the_department_page_lists_its_procedures_only(
    procedure, client, nothing_registered
):
    response = client.get("/co-quan/so-tu-phap/")

    assert response.status_code == 200
    html = response.text
    assert "Đăng ký khai sinh" in html
    assert 'id="dept-statistics"' not in html and 'id="dept-apologies"' not in html
    assert "/thong-ke/feed/so-tu-phap/" not in html


def test_without_a_measure_or_matcher_the_catalogue_sorts_by_code_and_matches_as_typed(
    site_tree, client, nothing_registered
):
    ProcedureFactory(code="1.000002", name="Cấp phép xây dựng")
    ProcedureFactory(code="1.000001", name="Đăng ký khai sinh")

    def codes(query: str) -> list[str]:
        html = client.get(f"/thu-tuc/{query}").text
        return re.findall(r'<span class="code">Mã (\S+)</span>', html)

    assert codes("?sort=-on_time") == ["1.000001", "1.000002"]
    assert codes("?min_on_time=90") == ["1.000001", "1.000002"]
    assert codes("?q=khai+sinh") == ["1.000001"]
    assert codes("?q=dang+ky") == []  # without diacritics only the search index would find it
    assert "catalogue-ontime" not in client.get("/thu-tuc/").text


def test_sections_render_by_place_and_order_and_share_what_they_compute():
    registry = SectionRegistry(places=("head", "figures"))
    computed: list[str] = []

    def summary(page: SectionPage) -> dict[str, str]:
        return {"summary": page.once("summary", lambda: computed.append("summary") or "S")}

    registry.register(PageSection(key="late", place="figures", template="b.html", context=summary, order=20))
    registry.register(PageSection(key="early", place="figures", template="a.html", context=summary, order=10))
    registry.register(PageSection(key="link", place="head", template="h.html", context=summary))
    registry.register(PageSection(key="gone", place="head", template="x.html", context=lambda page: None))

    sections = registry.render(SectionPage(request=RequestFactory().get("/"), page=None, object=None))

    assert [s.key for s in sections.places["figures"]] == ["early", "late"]
    assert [s.key for s in sections.places["head"]] == ["link"]
    assert sections.context == {"summary": "S"}
    assert computed == ["summary"]


def test_a_section_must_name_a_place_of_its_page():
    registry = SectionRegistry(places=("head",))

    with pytest.raises(ValueError, match="no place 'footer'"):
        registry.register(PageSection(key="x", place="footer", template="x.html", context=dict))


def test_api_field_values_are_read_once_for_all_the_procedures_listed():
    registry = ApiFieldRegistry()
    calls: list[list[str]] = []

    def lengths(procedures: list[str]) -> list[int]:
        calls.append(list(procedures))
        return [len(p) for p in procedures]

    registry.register(ApiField(name="length", annotation=int, values=lengths))
    registry.register(
        ApiField(name="upper", annotation=str, values=lambda ps: [p.upper() for p in ps], detail_only=True)
    )

    assert registry.values(["ab", "c"], detail=False) == [{"length": 2}, {"length": 1}]
    assert registry.values(["ab"], detail=True) == [{"length": 2, "upper": "AB"}]
    assert calls == [["ab", "c"], ["ab"]]


def test_the_text_slot_answers_none_until_a_matcher_fills_it():
    slot = TextMatcherSlot()
    assert slot.ids_matching(text="khai sinh") is None

    slot.fill(lambda *, text: [len(text)])
    assert slot.ids_matching(text="khai sinh") == [9]
