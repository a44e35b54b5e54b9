"""The first visitor of an address: routing in a fixed number of queries, the parts of pages kept
per content generation, and every change still shown on the next anonymous request."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import override_settings
from wagtail.models import Page, Site

from procedures.models import Procedure
from tests.factories import ProcedureFactory
from tests.transparency.apology_data import dossier_make, notice_publish, two_departments
from website.models import PortalSettings, StandardPage

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def page_cache():
    cache.clear()
    with override_settings(PORTAL_PAGE_CACHE_ENABLED=True, PORTAL_CACHE_GENERATION_FILE=""):
        yield
    cache.clear()


@pytest.fixture
def notices(site_tree):
    d = two_departments()
    published = []
    for i in range(3):
        received = dt.date(2019, 3, 1) + dt.timedelta(days=10 * i)
        dossier = dossier_make(
            procedure=d["justice_procedure"],
            code=f"STP-{i}",
            received=received,
            due=received + dt.timedelta(days=7),
            resolved=received + dt.timedelta(days=20),
            applicant=f"Hoàng Văn Thắng{i}",
        )
        published.append(notice_publish(dossier, issued_on=received + dt.timedelta(days=1)))
    return published


def _wagtail_route(path: str) -> tuple[int, tuple]:
    """What Wagtail's own ``Page.route`` answers (the page and the routable view's arguments)."""
    from django.test import RequestFactory

    request = RequestFactory().get(path)
    site = Site.objects.get(is_default_site=True)
    components = [c for c in path.split("/") if c]
    page, args, _kwargs = site.root_page.specific.route(request, components)
    return page.pk, tuple(args[1]) if args else ()


def test_routing_answers_what_wagtail_answers(notices, client):
    notice = notices[0]
    section = notice.get_parent()
    for path in (
        "/",
        "/thu-tuc/",
        "/thu-tuc/1.000001/",
        "/xin-loi/",
        section.url,
        notice.url,
        f"{notice.url}in/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.context["page"].pk == _wagtail_route(path)[0], path


def test_unknown_and_unpublished_addresses_are_not_found(notices, client):
    notice = notices[0]
    assert client.get("/xin-loi/khong-co/").status_code == 404
    assert client.get(f"{notice.url}khong-co/").status_code == 404
    assert client.get("/thu-tuc/9.999999/").status_code == 404
    notice.unpublish()
    assert client.get(notice.url).status_code == 404
    # Wagtail's own addresses under the catch-all still answer.
    assert client.get("/_util/login/").status_code == 200


def test_a_notice_page_costs_the_same_queries_at_any_depth(notices, client, django_assert_max_num_queries):
    notice = notices[0]
    client.get(notice.url)
    # Site and root, every page on the path at once, the notice itself, view restrictions (2),
    # the notice's department, procedure and field, the footer's settings.
    with django_assert_max_num_queries(11):
        assert client.get(notice.url).status_code == 200


def test_repeat_parts_of_pages_cost_no_queries_for_a_new_address(
    notices, client, page_cache, django_assert_max_num_queries
):
    client.get("/?_visit=1")
    client.get("/thu-tuc/?_visit=1")
    client.get("/xin-loi/?_visit=1")
    # A new address: the page cache misses, the kept parts (home figures and notices, the
    # site and the pages on the path, breadcrumbs, footer, catalogue and register rows, filter
    # forms and the register's counts) serve it; left: the view restrictions and the page's ids.
    with django_assert_max_num_queries(3):
        assert client.get("/?_visit=2").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/thu-tuc/?_visit=2").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/xin-loi/?_visit=2").status_code == 200
    # A new page of the same selection: its counts and form are kept, its rows read.
    client.get("/xin-loi/?page=2&_visit=3")
    with django_assert_max_num_queries(4):
        assert client.get("/xin-loi/?page=2&_visit=4").status_code == 200


def test_a_new_filter_combination_lists_the_right_rows(notices, client, page_cache):
    ProcedureFactory(code="2.000002", name="Đăng ký kết hôn", level="commune")
    everything = client.get("/thu-tuc/").text
    assert "Đăng ký kết hôn" in everything
    assert "Cấp phiếu lý lịch tư pháp" in everything
    commune = client.get("/thu-tuc/?level=commune").text
    assert "Đăng ký kết hôn" in commune
    assert "Cấp phiếu lý lịch tư pháp" not in commune
    english = client.get("/en/thu-tuc/").text
    assert 'href="/en/thu-tuc/2.000002/"' in english


def test_saving_a_procedure_shows_in_its_row_at_once(
    notices, client, page_cache, django_capture_on_commit_callbacks
):
    assert "Cấp phiếu lý lịch tư pháp" in client.get("/thu-tuc/").text
    procedure = Procedure.objects.get(code="1.000001")
    procedure.name = "Cấp phiếu lý lịch tư pháp (sửa)"
    with django_capture_on_commit_callbacks(execute=True):
        procedure.save()
    assert "Cấp phiếu lý lịch tư pháp (sửa)" in client.get("/thu-tuc/?_visit=3").text


def test_saving_a_procedure_shows_on_its_own_page_at_once(
    notices, client, page_cache, django_capture_on_commit_callbacks
):
    url = "/thu-tuc/1.000001/"
    assert "Cấp phiếu lý lịch tư pháp (sửa)" not in client.get(url).text
    procedure = Procedure.objects.get(code="1.000001")
    procedure.name = "Cấp phiếu lý lịch tư pháp (sửa)"
    with django_capture_on_commit_callbacks(execute=True):
        procedure.save()
    assert "Cấp phiếu lý lịch tư pháp (sửa)" in client.get(f"{url}?_visit=2").text


def test_publishing_a_notice_shows_on_the_register_and_home_at_once(
    notices, client, page_cache, django_capture_on_commit_callbacks
):
    client.get("/")
    assert "3 thư xin lỗi" in client.get("/xin-loi/").text
    dossier = dossier_make(
        procedure=notices[0].procedure,
        code="STP-9",
        received=dt.date(2019, 9, 2),
        due=dt.date(2019, 9, 9),
        resolved=dt.date(2019, 9, 30),
        applicant="Nguyễn Thị Lan",
    )
    with django_capture_on_commit_callbacks(execute=True):
        notice = notice_publish(dossier, issued_on=dt.date(2019, 9, 3))
    register = client.get("/xin-loi/?_visit=4").text
    assert notice.notice_number in register
    assert "4 thư xin lỗi" in register  # the selection's kept counts follow too
    assert notice.title in client.get("/?_visit=4").text


def test_the_footer_shows_a_settings_change_at_once(
    site_tree, client, page_cache, django_capture_on_commit_callbacks
):
    client.get("/")
    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    settings.phone = "0235 3999 999"
    with django_capture_on_commit_callbacks(execute=True):
        settings.save()
    assert "0235 3999 999" in client.get("/?_visit=5").text


def test_editors_never_get_kept_parts(notices, client, page_cache):
    assert "Cấp phiếu lý lịch tư pháp" in client.get("/thu-tuc/").text
    # Written without signals: no new generation, so the anonymous rows stay as kept ...
    Procedure.objects.filter(code="1.000001").update(name="Tên chưa công bố lại")
    assert "Tên chưa công bố lại" not in client.get("/thu-tuc/?_visit=6").text
    # ... while an editor's request computes every part.
    editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(editor)
    response = client.get("/thu-tuc/?_visit=6")
    assert "Tên chưa công bố lại" in response.text
    assert response.get("X-Cache") is None


def test_a_draft_title_shows_in_its_preview_not_to_visitors(site_tree, client, page_cache, rf):
    home = Page.objects.get(depth=2)
    help_page = home.add_child(instance=StandardPage(title="Hướng dẫn", slug="huong-dan"))
    help_page.save_revision().publish()
    assert client.get("/huong-dan/").status_code == 200  # the anonymous breadcrumbs are kept
    draft = help_page.get_latest_revision_as_object()
    draft.title = "Tiêu đề bản nháp"
    draft.save_revision()
    request = rf.get("/admin/")
    request.user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    response = draft.make_preview_request(original_request=request)
    html = response.content.decode()
    assert response.get("X-Cache") is None
    assert '<span aria-current="page">Tiêu đề bản nháp</span>' in html
    assert "Tiêu đề bản nháp" not in client.get("/huong-dan/?_visit=7").text


def test_kept_routing_answers_what_wagtail_answers(notices, client, page_cache):
    notice = notices[0]
    paths = ("/", "/thu-tuc/", "/thu-tuc/1.000001/", "/xin-loi/", notice.get_parent().url, notice.url)
    for visit, path in enumerate(paths * 2):  # the second round walks through kept pages
        response = client.get(f"{path}?_visit={visit}")
        assert response.status_code == 200, path
        assert response.context["page"].pk == _wagtail_route(path)[0], path


def test_a_page_unpublished_or_renamed_is_routed_anew_at_once(
    notices, client, page_cache, django_capture_on_commit_callbacks
):
    notice = notices[0]
    register = notice.get_parent().get_parent().specific
    assert client.get(notice.url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        notice.unpublish()
    assert client.get(f"{notice.url}?_visit=8").status_code == 404
    section = notices[1].get_parent().specific
    old = section.url
    section.slug = "so-tu-phap-moi"
    with django_capture_on_commit_callbacks(execute=True):
        section.save_revision().publish()
    # The old address now leads to the new one (Wagtail's redirect), which answers.
    assert client.get(f"{old}?_visit=9")["Location"] == f"{register.url}so-tu-phap-moi/"
    assert client.get(f"{register.url}so-tu-phap-moi/?_visit=9").status_code == 200


def test_a_renamed_statistics_page_shows_in_the_procedure_feed_links_at_once(
    notices, client, page_cache, django_capture_on_commit_callbacks
):
    from transparency.models import StatisticsPage

    assert 'href="/thong-ke/feed/thu-tuc/1.000001/"' in client.get("/thu-tuc/1.000001/").text
    statistics = StatisticsPage.objects.get()
    statistics.slug = "so-lieu"
    with django_capture_on_commit_callbacks(execute=True):
        statistics.save_revision().publish()
    html = client.get("/thu-tuc/1.000001/?_visit=10").text
    assert 'href="/so-lieu/feed/thu-tuc/1.000001/"' in html
    assert "/thong-ke/feed/" not in html


def test_a_new_day_off_moves_the_kept_due_date_at_once(
    site_tree, client, page_cache, django_capture_on_commit_callbacks
):
    from decimal import Decimal

    from procedures.enums import CalendarDayKind, ChannelKind
    from procedures.models import CalendarOverride
    from tests.factories import ChannelFactory

    procedure = ProcedureFactory(code="1.004222")
    ChannelFactory(procedure=procedure, kind=ChannelKind.IN_PERSON, time_limit_value=Decimal(5), sort_order=0)
    url = "/thu-tuc/1.004222/?nop=2019-03-04&gio=09:00&kenh=in_person"
    assert "ngày 11/03/2019" in client.get(url).text
    with django_capture_on_commit_callbacks(execute=True):
        CalendarOverride.objects.create(
            day=dt.date(2019, 3, 6), kind=CalendarDayKind.DAY_OFF, name="Nghỉ bão"
        )
    html = client.get(f"{url}&_visit=11").text
    assert "ngày 12/03/2019" in html and "Nghỉ bão 06/03/2019" in html


def test_a_procedure_nobody_opened_costs_few_queries_once_another_was(
    notices, client, page_cache, django_assert_max_num_queries
):
    ProcedureFactory(code="2.000002", name="Đăng ký kết hôn", level="commune")
    client.get("/thu-tuc/1.000001/")
    # Its own rows (procedure with steps, channels, documents, legal basis, decisions; its
    # figures; the calendar) and the view restrictions (2).
    with django_assert_max_num_queries(12):
        html = client.get("/thu-tuc/2.000002/").text
    assert "Đăng ký kết hôn" in html
    # The same address again with a new parameter: only Wagtail's view restrictions.
    with django_assert_max_num_queries(2):
        assert client.get("/thu-tuc/2.000002/?_visit=12").status_code == 200


def test_a_procedure_renamed_shows_in_its_department_list_at_once(
    notices, client, page_cache, django_capture_on_commit_callbacks
):
    procedure = Procedure.objects.get(code="1.000001")
    url = procedure.department.get_absolute_url()
    assert "Cấp phiếu lý lịch tư pháp" in client.get(url).text
    procedure.name = "Cấp phiếu lý lịch tư pháp số 2"
    with django_capture_on_commit_callbacks(execute=True):
        procedure.save()
    assert "Cấp phiếu lý lịch tư pháp số 2" in client.get(f"{url}?_visit=13").text


def test_the_form_of_a_selection_keeps_its_own_values(notices, client, page_cache):
    client.get("/thu-tuc/?level=province")
    html = client.get("/thu-tuc/?level=commune&_visit=14").text
    assert '<option value="commune" selected>' in html
    assert '<option value="province" selected>' not in html


def test_a_page_restricted_after_it_was_cached_is_no_longer_served_to_the_public(
    site_tree, client, page_cache, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    home = Page.objects.get(depth=2)
    internal = home.add_child(instance=StandardPage(title="Nội bộ", slug="noi-bo"))
    internal.save_revision().publish()
    assert client.get("/noi-bo/").status_code == 200
    assert client.get("/noi-bo/")["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=internal, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau"
        )
    response = client.get("/noi-bo/")
    assert response.get("X-Cache") != "hit"
    assert 'name="password"' in response.text  # the password form, not the page
