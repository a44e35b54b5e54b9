"""English pages read in English: the share of Vietnamese words left in each page type under /en/.

Data (procedure and department names without an English name, notice texts, addressees) stays
Vietnamese; templates mark it with ``lang="vi"``, which is also what screen readers need to read it
with the right voice. Everything outside such elements is interface text and must be English.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.utils import translation

from procedures.models import Field
from tests.factories import FieldFactory
from tests.transparency.apology_data import dossier_make, notice_publish, two_departments
from website.services import HOME_INTRO, HOME_TITLE

pytestmark = pytest.mark.django_db

# Letters that English never uses and Vietnamese words very often carry.
_VIETNAMESE_LETTERS = set("àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ")
# Common Vietnamese words that carry no diacritic (folded), none of them an English word.
_VIETNAMESE_PLAIN_WORDS = {
    "cho", "theo", "khi", "trong", "nhung", "nhieu", "tinh", "huyen", "xin", "giay", "phep",
    "tuc", "trinh", "dinh", "thanh", "nganh", "kinh", "thong", "truong", "chinh", "quan", "nhan",
}  # fmt: skip
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# <title> joins a data name (a procedure, a notice) to the portal name and cannot mark one part;
# the same name is measured in the page heading. <code> holds addresses and keys, not words.
_SKIP = {"script", "style", "template", "noscript", "title", "code"}
_TEXT_ATTRIBUTES = ("placeholder", "aria-label", "title", "alt")
_WORD = re.compile(r"[^\W\d_]+")
# Codes are not words: decision numbers (2735/QĐ-UBND), dossier codes, legal references.
_CODE = re.compile(r"\S*\d\S*")

# Above this share a reader meets a Vietnamese word in nearly every sentence of the chrome.
MAX_VIETNAMESE_SHARE = 0.02


class _InterfaceText(HTMLParser):
    """Visible text and text attributes of a page, outside elements marked ``lang="vi"``."""

    def __init__(self, *, count_marked: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.count_marked = count_marked
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, marked Vietnamese, not shown)
        self.chunks: list[str] = []

    def _excluded(self) -> bool:
        return bool(self.stack) and (self.stack[-1][1] or self.stack[-1][2])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        parent_marked, parent_skipped = (
            (self.stack[-1][1], self.stack[-1][2]) if self.stack else (False, False)
        )
        lang = (values.get("lang") or "").lower()
        # The nearest lang wins, as in HTML: an English note inside a Vietnamese form counts again.
        marked = (lang.startswith("vi") and not self.count_marked) if lang else parent_marked
        skipped = parent_skipped or tag in _SKIP or "hidden" in values
        if not (marked or skipped):
            self.chunks.extend(values[a] or "" for a in _TEXT_ATTRIBUTES if a in values)
            if tag == "input" and values.get("type") in {"submit", "button"}:
                self.chunks.append(values.get("value") or "")
        if tag not in _VOID:
            self.stack.append((tag, marked, skipped))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if not self._excluded():
            self.chunks.append(data)


def _is_vietnamese(word: str) -> bool:
    lowered = word.lower()
    if lowered == "đ":  # the đồng sign after amounts, a currency symbol rather than a word
        return False
    if any(c in _VIETNAMESE_LETTERS for c in lowered):
        return True
    folded = "".join(c for c in unicodedata.normalize("NFD", lowered) if not unicodedata.combining(c))
    return folded in _VIETNAMESE_PLAIN_WORDS


def vietnamese_share(html: str, *, count_marked: bool = False) -> tuple[float, list[str]]:
    """Share of Vietnamese words in the interface text of ``html``, and those words.

    ``count_marked`` also counts text marked ``lang="vi"``: for pages whose whole text is the
    portal's own (the methodology), where marking it Vietnamese would only hide it.
    """
    parser = _InterfaceText(count_marked=count_marked)
    parser.feed(html)
    parser.close()
    words = _WORD.findall(_CODE.sub(" ", " ".join(parser.chunks)))
    vietnamese = [w for w in words if _is_vietnamese(w)]
    return (len(vietnamese) / len(words) if words else 0.0), vietnamese


def test_the_measure_counts_vietnamese_words_and_skips_marked_data():
    html = (
        '<html lang="en"><body><h1>Thống kê</h1><p>Lateness by department</p>'
        '<p lang="vi">Sở Tư pháp cấp phiếu</p><input placeholder="tìm kiếm"></body></html>'
    )
    share, words = vietnamese_share(html)
    assert words == ["Thống", "kê", "tìm", "kiếm"]
    assert share == pytest.approx(4 / 7)


@pytest.fixture
def portal(site_tree):
    """A small portal: two departments, procedures with dossiers, published notices, an index.

    Departments and the field have English names, as the demo's do; procedure names and the
    notices' texts exist in Vietnamese only."""
    data = two_departments()
    field = FieldFactory(name="Hộ tịch", name_en="Civil status", slug="ho-tich")
    for procedure in (data["justice_procedure"], data["building_procedure"]):
        procedure.field = field
        procedure.save()
    Field.objects.exclude(pk=field.pk).delete()
    notices = []
    for i in range(6):
        procedure = data["justice_procedure"] if i % 2 == 0 else data["building_procedure"]
        received = dt.date(2019, 9, 2) + dt.timedelta(days=7 * i)
        dossier = dossier_make(
            procedure=procedure,
            code=f"000.00.03.H49-1909{i:02d}-0001",
            received=received,
            due=received + dt.timedelta(days=5),
            resolved=received + dt.timedelta(days=9) if i < 5 else None,
            applicant="Nguyễn Văn Bảo",
        )
        if i < 5:
            notices.append(notice_publish(dossier, issued_on=received + dt.timedelta(days=8)))
    for i in range(4):
        received = dt.date(2019, 10, 1) + dt.timedelta(days=i)
        dossier_make(
            procedure=data["justice_procedure"],
            code=f"000.00.03.H49-1910{i:02d}-0002",
            received=received,
            due=received + dt.timedelta(days=5),
            resolved=received + dt.timedelta(days=3),
        )
    call_command("refresh_statistics", verbosity=0)
    call_command("update_index", verbosity=0)
    data["notice"] = notices[0]
    return data


def _page_types(data: dict) -> dict[str, str]:
    notice_url = data["notice"].url
    return {
        "home": "/en/",
        "catalogue": "/en/thu-tuc/",
        "catalogue filtered": "/en/thu-tuc/?field=ho-tich&q=ly+lich",
        "procedure": "/en/thu-tuc/1.000001/",
        "departments": "/en/co-quan/",
        "department": "/en/co-quan/so-tu-phap/",
        "decisions": "/en/quyet-dinh/",
        "statistics": "/en/thong-ke/",
        "statistics filtered": "/en/thong-ke/?start=2019-09-01&end=2019-10-31&department=so-tu-phap",
        "methodology": "/en/thong-ke/phuong-phap/",
        "trends": "/en/thong-ke/xu-huong/?start=2019-09-01&end=2019-10-31&department=so-tu-phap",
        "trends by department": "/en/thong-ke/xu-huong/?measure=timeliness_766&interval=year&by=department",
        "comparison": "/en/thong-ke/so-sanh/?start=2019-09-01&end=2019-10-31&focus=so-tu-phap",
        "corrections": "/en/thong-ke/dinh-chinh/",
        "apology register": "/en/xin-loi/",
        "apology department": "/en/xin-loi/so-tu-phap/",
        "notice": f"/en{notice_url}",
        "notice print": f"/en{notice_url}in/",
        "search": "/en/tim-kiem/?q=ly+lich",
        "statistics search": "/en/tim-kiem/ho-so/?q=S%E1%BB%9F+T%C6%B0+ph%C3%A1p+tr%E1%BB%85+h%E1%BA%A1n",
        "not found": "/en/khong-co-trang-nay/",
    }


# The methodology is the portal's own text from end to end: nothing on it may hide as data.
_COUNT_MARKED = {"methodology"}
# The statistics search reads department, field and procedure names in Vietnamese only: its
# examples must name them in Vietnamese, and the criteria it understood echo the Vietnamese names
# (search/dossiers/words.py lists ``name``, not ``display_name``), about ten words on the page.
_BOUNDS = {"statistics search": 0.08}


def test_every_english_page_type_keeps_vietnamese_words_under_two_percent(portal, client):
    shares: dict[str, tuple[float, list[str]]] = {}
    for name, address in _page_types(portal).items():
        response = client.get(address)
        assert response.status_code == (404 if name == "not found" else 200), address
        html = response.content.decode()
        assert '<html lang="en">' in html, address
        shares[name] = vietnamese_share(html, count_marked=name in _COUNT_MARKED)
    report = "\n".join(
        f"{name:20} {share:6.1%}  {' '.join(words[:12])}" for name, (share, words) in shares.items()
    )
    print(f"\nVietnamese words in the interface text of /en/ pages:\n{report}")
    too_vietnamese = {
        name: f"{share:.1%}"
        for name, (share, _) in shares.items()
        if share > _BOUNDS.get(name, MAX_VIETNAMESE_SHARE)
    }
    assert not too_vietnamese, report


def test_feed_titles_are_english_under_en(portal, client):
    for address in ("/en/xin-loi/feed/", "/en/thong-ke/feed/"):
        response = client.get(address)
        assert response.status_code == 200, address
        title = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)
        share, words = vietnamese_share(f"<p>{title}</p>")
        assert share == 0, (address, title, words)


def test_home_introduction_and_methodology_are_english_under_en_and_vietnamese_at_root(portal, client):
    english_home = client.get("/en/").content.decode()
    assert "Quang Nam Public Administration Transparency Portal" in english_home
    assert HOME_INTRO not in english_home
    english_method = client.get("/en/thong-ke/phuong-phap/").content.decode()
    assert "How dossier statuses are counted" in english_method

    home = client.get("/").content.decode()
    assert HOME_TITLE in home and HOME_INTRO in home
    assert "Transparency Portal" not in home.split("<body", 1)[1]
    method = client.get("/thong-ke/phuong-phap/").content.decode()
    assert "Trạng thái hồ sơ được tính thế nào" in method
    assert "How dossier statuses are counted" not in method


def test_vietnamese_pages_keep_their_vietnamese_interface(portal, client):
    """Wrapping the texts for translation leaves the Vietnamese pages in Vietnamese."""
    with translation.override("vi"):
        for name, address in _page_types(portal).items():
            html = client.get(address.removeprefix("/en")).content.decode()
            assert '<html lang="vi">' in html, name
            share, _ = vietnamese_share(html, count_marked=True)
            assert share > 0.3, (name, f"{share:.1%}")
