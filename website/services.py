"""Writes for site-wide structure: the page tree and the demo editor."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext_noop
from wagtail.models import Locale, Page, Site

from core.public_address import portal_base_url
from procedures.models import DecisionIndexPage, DepartmentIndexPage, ProcedureIndexPage
from transparency.models import ApologyRegisterPage, StatisticsPage
from transparency.services.apologies import apology_structure_ensure
from website.models import HomePage, PortalSettings

# Stored in Vietnamese; marked so that the English pages can show their translation (the templates
# translate page titles and intros), while texts an editor rewrites simply show as written.
HOME_TITLE = gettext_noop("Cổng minh bạch hành chính công tỉnh Quảng Nam")
HOME_INTRO = gettext_noop(
    "Danh mục thủ tục hành chính tiếp nhận tại Trung tâm Hành chính công và Xúc tiến đầu tư tỉnh, "
    "tình hình giải quyết hồ sơ của từng cơ quan và thư xin lỗi công khai khi trễ hẹn."
)


def _child(parent: Page, model: type[Page], *, slug: str, title: str, **fields: object) -> Page:
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, title=title, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _root_create() -> Page:
    """The tree root and default locale, as Wagtail's migrations create them (for a flushed database)."""
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    return Page.add_root(
        instance=Page(title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page))
    )


def site_address_align() -> Site | None:
    """Give the default Wagtail ``Site`` the host and port of ``PORTAL_BASE_URL``.

    Wagtail builds a page's full URL (admin "view live", ``get_full_url`` without a request) from
    this record; the public links themselves go through ``core.public_address`` either way.
    Run by ``migrate`` and ``load_demo``; leaves the record alone if another site holds the address.
    """
    site = Site.objects.filter(is_default_site=True).first()
    base = urlsplit(portal_base_url())
    if site is None or not base.hostname:
        return site
    port = base.port or (443 if base.scheme == "https" else 80)
    if (site.hostname, site.port) == (base.hostname, port):
        return site
    if Site.objects.filter(hostname=base.hostname, port=port).exclude(pk=site.pk).exists():
        return site
    site.hostname, site.port = base.hostname, port
    site.save(update_fields=["hostname", "port"])
    return site


@transaction.atomic
def site_tree_ensure() -> HomePage:
    """Create the home page and the fixed-address index pages if missing (idempotent).

    Replaces Wagtail's initial "Welcome" page by the portal's home page once.
    """
    root = Page.get_first_root_node() or _root_create()
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(title=HOME_TITLE, slug="trang-chu", intro=HOME_INTRO)
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    site_address_align()
    site.refresh_from_db()
    if site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Cổng minh bạch"
        site.save()
        if old_root.specific_class is Page and not old_root.get_children().exists():
            old_root.delete()
    PortalSettings.for_site(site)

    _child(
        home,
        ProcedureIndexPage,
        slug="thu-tuc",
        title=gettext_noop("Thủ tục hành chính"),
        intro=gettext_noop("Danh mục thủ tục hành chính được tiếp nhận tại Trung tâm."),
    )
    _child(
        home,
        DepartmentIndexPage,
        slug="co-quan",
        title=gettext_noop("Cơ quan"),
        intro=gettext_noop("Các sở, ban, ngành và đơn vị trực thuộc tiếp nhận hồ sơ tại Trung tâm."),
    )
    _child(home, DecisionIndexPage, slug="quyet-dinh", title=gettext_noop("Quyết định công bố thủ tục"))
    _child(
        home,
        StatisticsPage,
        slug="thong-ke",
        title=gettext_noop("Thống kê giải quyết hồ sơ"),
        intro=gettext_noop("Số hồ sơ tiếp nhận, giải quyết trước hạn, đúng hạn và trễ hạn của từng cơ quan."),
    )
    register = _child(
        home,
        ApologyRegisterPage,
        slug="xin-loi",
        title=gettext_noop("Thư xin lỗi công khai"),
        intro=gettext_noop(
            "Khi hồ sơ trễ hẹn, cơ quan giải quyết phải gửi người nộp Phiếu xin lỗi và hẹn lại ngày trả "
            "kết quả (mẫu 04, Thông tư 01/2018/TT-VPCP). Trung tâm công khai các phiếu này tại đây."
        ),
    )
    apology_structure_ensure(register=register)
    return home


def demo_editor_ensure(*, username: str = "editor") -> tuple[str, str]:
    """Create (or reset) the demo editor, a superuser; returns (username, password).

    The password comes from ADMIN_PASSWORD, else from a generated one kept in
    ``var/admin-password`` (outside version control) so repeated runs keep it.
    """
    password = os.environ.get("ADMIN_PASSWORD", "")
    secret_file = Path(settings.BASE_DIR) / "var" / "admin-password"
    if not password:
        if secret_file.exists():
            password = secret_file.read_text(encoding="utf-8").strip()
        else:
            password = secrets.token_urlsafe(12)
            secret_file.parent.mkdir(parents=True, exist_ok=True)
            secret_file.write_text(password, encoding="utf-8")
            secret_file.chmod(0o600)
    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.invalid", "first_name": "Biên tập viên"}
    )
    user.is_staff = True
    user.is_superuser = True
    user.set_password(password)
    user.save()
    editors, _ = Group.objects.get_or_create(name="Editors")
    user.groups.add(editors)
    return username, password
