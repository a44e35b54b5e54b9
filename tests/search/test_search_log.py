"""The editors' report of searches that found nothing or led nowhere: counts per day and query only."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from search.models import SearchQueryDay
from search.services import search_log_count, search_log_purge
from tests.factories import ProcedureFactory
from tests.search.conftest import reindex

pytestmark = pytest.mark.django_db


def _token(client, query: str) -> str:
    html = client.get("/tim-kiem/", {"q": query}).content.decode()
    match = re.search(r'data-search-token="([^"]+)"', html)
    return match.group(1) if match else ""


def test_a_shown_search_and_an_opened_result_are_counted_per_day_and_query(client):
    reindex(ProcedureFactory(code="1.000894", name="Thủ tục đăng ký kết hôn"))
    for typed in ("đăng ký kết hôn", "dang ky ket hon"):
        token = _token(client, typed)
        assert client.post("/tim-kiem/dem/", {"token": token, "event": "search"}).status_code == 204
    client.post("/tim-kiem/dem/", {"token": token, "event": "open"})
    empty = _token(client, "giấy phép nuôi rồng")
    client.post("/tim-kiem/dem/", {"token": empty, "event": "search"}, REMOTE_ADDR="203.0.113.9")
    rows = {row.normalized: row for row in SearchQueryDay.objects.all()}
    assert set(rows) == {"dang ky ket hon", "giay phep nuoi rong"}
    marriage = rows["dang ky ket hon"]
    assert (marriage.searches, marriage.empty, marriage.chosen, marriage.abandoned) == (2, 0, 1, 1)
    assert marriage.day == timezone.localdate()
    assert (rows["giay phep nuoi rong"].searches, rows["giay phep nuoi rong"].empty) == (1, 1)
    # Nothing about who searched is kept: the table has no column for it.
    columns = {f.name for f in SearchQueryDay._meta.get_fields()}
    assert columns == {"id", "day", "normalized", "text", "searches", "empty", "chosen"}


def test_a_query_is_counted_by_the_words_typed_whatever_it_was_read_as(client):
    token = _token(client, "Sổ đỏ ở đâu")
    client.post("/tim-kiem/dem/", {"token": token, "event": "search"})
    assert list(SearchQueryDay.objects.values_list("normalized", "text")) == [("so do o dau", "Sổ đỏ ở đâu")]


def test_forged_or_missing_tokens_count_nothing(client):
    assert client.post("/tim-kiem/dem/", {"token": "x", "event": "search"}).status_code == 204
    assert client.post("/tim-kiem/dem/", {"event": "search"}).status_code == 204
    assert client.get("/tim-kiem/dem/").status_code == 405
    assert not SearchQueryDay.objects.exists()


def test_codes_and_personal_numbers_are_never_counted(client, db):
    for query in ("1.004222", "000.00.03.H49-191024-0007", "cccd 079123456789", "a@b.vn"):
        assert _token(client, query) == "", query


def test_old_days_are_purged_after_90_days():
    today = timezone.localdate()
    for days in (0, 89, 90, 91, 200):
        SearchQueryDay.objects.create(day=today - dt.timedelta(days=days), normalized=f"q{days}", text="q")
    assert search_log_purge(today=today) == 2
    assert sorted(SearchQueryDay.objects.values_list("normalized", flat=True)) == ["q0", "q89", "q90"]


def test_the_first_count_of_a_day_purges_the_old_days():
    old = timezone.localdate() - dt.timedelta(days=120)
    SearchQueryDay.objects.create(day=old, normalized="cu", text="cũ")
    search_log_count(normalized="moi", text="mới", empty=True, chosen=False)
    assert list(SearchQueryDay.objects.values_list("normalized", flat=True)) == ["moi"]


def test_editors_see_failed_searches_and_start_a_synonym_in_one_click(client, django_user_model):
    today = timezone.localdate()
    SearchQueryDay.objects.create(day=today, normalized="so do", text="sổ đỏ", searches=5, empty=0, chosen=5)
    SearchQueryDay.objects.create(
        day=today, normalized="nha dat", text="nhà đất", searches=7, empty=6, chosen=0
    )
    SearchQueryDay.objects.create(
        day=today - dt.timedelta(days=1), normalized="nha dat", text="nhà đất", searches=2, empty=2
    )
    SearchQueryDay.objects.create(day=today, normalized="lam cccd", text="làm cccd", searches=3, chosen=1)
    editor = django_user_model.objects.create_user("bientap", password="x")
    group = Group.objects.create(name="Từ khoá")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_searchsynonym"),
    )
    editor.groups.add(group)
    client.force_login(editor)
    html = client.get("/admin/tim-kiem/khong-thanh/").content.decode()
    assert html.index("nhà đất") < html.index("làm cccd")
    assert "sổ đỏ" not in html  # every search of it led somewhere
    assert "<td>9</td>\n      <td>8</td>\n      <td>1</td>" in html  # 9 searches, 8 empty, 1 abandoned
    add = re.search(r'href="([^"]+\?term=nh%C3%A0%20%C4%91%E1%BA%A5t)"', html).group(1)
    form = client.get(add.replace("&amp;", "&")).content.decode()
    assert 'value="nhà đất"' in form


def test_the_report_is_refused_to_users_who_cannot_add_synonyms(client, django_user_model):
    user = django_user_model.objects.create_user("khach", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get("/admin/tim-kiem/khong-thanh/").status_code in (302, 403)


def test_the_purge_command_deletes_what_is_older_than_90_days():
    from io import StringIO

    from django.core.management import call_command

    SearchQueryDay.objects.create(
        day=timezone.localdate() - dt.timedelta(days=91), normalized="cu", text="cũ"
    )
    out = StringIO()
    call_command("search_log_purge", stdout=out)
    assert "1 day rows older than 90 days deleted" in out.getvalue()
    assert not SearchQueryDay.objects.exists()
