"""Searching the way citizens ask: colloquial names and abbreviations (editable synonyms), whole
questions, typing slips; on whichever database backend is configured."""

from __future__ import annotations

import pytest

from search.lexicon import lexicon_cache_clear
from search.models import SearchStopPhrase, SearchSynonym
from search.selectors import procedure_ids_matching, site_search
from search.services import lexicon_defaults, lexicon_defaults_ensure
from tests.factories import ProcedureFactory, StepFactory
from tests.search.conftest import reindex

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_lexicon():
    lexicon_cache_clear()
    yield
    lexicon_cache_clear()


@pytest.fixture
def national(db):
    """Procedures named as the national catalogue names them (tax, social insurance, business)."""
    names = {
        "vat": ("1.005001", "Hoàn thuế giá trị gia tăng đối với dự án đầu tư"),
        "income": ("1.005002", "Quyết toán thuế thu nhập cá nhân"),
        "lump": ("1.005003", "Giải quyết hưởng bảo hiểm xã hội một lần"),
        "maternity": ("1.005004", "Giải quyết hưởng chế độ thai sản"),
        "household": ("1.005005", "Đăng ký thành lập hộ kinh doanh"),
        "household_end": ("1.005006", "Chấm dứt hoạt động hộ kinh doanh"),
        "registration_tax": ("1.005007", "Khai lệ phí trước bạ nhà, đất"),
        "land": (
            "1.005008",
            "Cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất",
        ),
        "marriage": ("1.000894", "Thủ tục đăng ký kết hôn"),
        "birth": ("1.001193", "Thủ tục đăng ký khai sinh"),
        "residence": ("1.004222", "Đăng ký thường trú"),
        "karaoke": ("2.005900", "Cấp giấy phép kinh doanh karaoke"),
        "officials": ("2.005901", "Cho phép xuất cảnh đi công tác nước ngoài của cán bộ"),
    }
    made = {key: ProcedureFactory(code=code, name=name) for key, (code, name) in names.items()}
    # A procedure that mentions marriage only in its steps must not outrank the one named so.
    other = ProcedureFactory(code="1.005010", name="Cấp bản sao trích lục hộ tịch")
    StepFactory(procedure=other, text="Người yêu cầu đăng ký kết hôn trước đây nộp tờ khai")
    reindex(*made.values(), other)
    return made


def _first(text: str) -> str:
    outcome = site_search(text=text)
    assert outcome.hits, text
    return outcome.hits[0].url


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("hoàn thuế VAT", "vat"),
        ("hoan thue GTGT", "vat"),
        ("quyết toán thuế TNCN", "income"),
        ("rút BHXH một lần", "lump"),
        ("rut bao hiem mot lan", "lump"),
        ("nghỉ đẻ", "maternity"),
        ("đăng ký hộ kinh doanh cá thể", "household"),
        ("đóng cửa hộ kinh doanh", "household_end"),
        ("thuế trước bạ", "registration_tax"),
        ("sổ đỏ", "land"),
        ("so hong", "land"),
        ("GCN QSDĐ", "land"),
        ("hộ khẩu", "residence"),
    ],
)
def test_colloquial_names_and_abbreviations_find_the_official_procedure(national, query, key):
    assert _first(query) == f"/thu-tuc/{national[key].code}/"


def test_the_results_say_what_was_searched_when_an_expansion_was_used(client, national):
    outcome = site_search(text="hoàn thuế VAT")
    assert outcome.interpreted == "hoàn thuế vat (giá trị gia tăng)"
    html = client.get("/tim-kiem/", {"q": "hoàn thuế VAT"}).content.decode()
    assert "kết quả cho “hoàn thuế vat (giá trị gia tăng)”" in html
    assert "Bạn đã gõ “hoàn thuế VAT”" in html
    # The expansion's words are marked in the name.
    assert "<mark>giá</mark> <mark>trị</mark> <mark>gia</mark> <mark>tăng</mark>" in html
    plain = site_search(text="đăng ký kết hôn")
    assert plain.interpreted == ""


def test_an_editors_new_synonym_applies_on_the_next_search(national):
    assert site_search(text="karaoke box").relaxed  # "box" is in no name: any of the words
    SearchSynonym.objects.create(term="karaoke box", expansions="kinh doanh karaoke")
    outcome = site_search(text="karaoke box")
    assert outcome.hits[0].url == "/thu-tuc/2.005900/" and not outcome.relaxed
    SearchSynonym.objects.filter(term="karaoke box").delete()
    assert "kinh doanh karaoke" not in site_search(text="karaoke box").interpreted


def test_a_two_way_synonym_also_lets_the_official_words_find_the_term(national):
    reindex(ProcedureFactory(code="2.005902", name="Đăng ký tổ chức tiệc cưới"))
    SearchSynonym.objects.create(term="tiệc cưới", expansions="kết hôn", two_way=True)
    found = {hit.url for hit in site_search(text="kết hôn").hits}
    assert {"/thu-tuc/1.000894/", "/thu-tuc/2.005902/"} <= found


@pytest.mark.parametrize(
    "query",
    [
        "tôi muốn đăng ký kết hôn",
        "thủ tục đăng ký kết hôn cần những gì",
        "làm sao để đăng ký kết hôn",
        "dang ky ket hon o dau",
        "đăng ký kết hôn mất bao lâu",
    ],
)
def test_question_words_do_not_block_a_match_and_names_still_rank_first(national, query):
    outcome = site_search(text=query)
    assert not outcome.relaxed
    assert outcome.hits[0].url == "/thu-tuc/1.000894/"
    assert outcome.query.dropped


def test_a_query_of_question_words_only_is_searched_as_typed(national):
    outcome = site_search(text="thủ tục")
    assert outcome.query.dropped == ()
    assert "/thu-tuc/1.000894/" in {hit.url for hit in outcome.hits}


def test_an_accented_word_is_left_out_only_with_the_stop_words_marks(national):
    SearchStopPhrase.objects.create(phrase="cần")
    assert site_search(text="cán bộ xuất cảnh").hits[0].url == "/thu-tuc/2.005901/"
    assert site_search(text="cán bộ xuất cảnh").query.dropped == ()
    assert site_search(text="cần xuất cảnh").query.dropped == ("cần",)


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("dang kys thuong tru", "residence"),  # Telex tone key left in
        ("dangky ket hon", "marriage"),  # words run together
        ("đăng kí khai sinh", "birth"),  # i for y
        ("dang ky1 ket hon", "marriage"),  # VNI tone digit
        ("dang ky thuowngf tru", "residence"),  # Telex vowel and tone keys
        ("đang ký thương trú", "residence"),  # wrong tone marks
        ("dang ky thuong tru", "residence"),  # none at all
        ("giay phep kinh doanh karaokke", "karaoke"),  # one letter too many
    ],
)
def test_typing_slips_are_corrected(national, query, key):
    assert _first(query) == f"/thu-tuc/{national[key].code}/"


def test_a_search_that_finds_nothing_offers_a_query_that_does(client, national):
    outcome = site_search(text="karaokkke")
    assert outcome.count == 0
    assert outcome.did_you_mean == "karaoke"
    html = client.get("/tim-kiem/", {"q": "karaokkke"}).content.decode()
    assert 'Có phải bạn muốn tìm: <a href="?q=karaoke" lang="vi">karaoke</a>' in html
    assert site_search(text="karaoke").count == 1


def test_the_catalogue_filter_reads_queries_the_same_way(national):
    assert procedure_ids_matching(text="sổ đỏ") == [national["land"].pk]
    assert procedure_ids_matching(text="dang kys thuong tru") == [national["residence"].pk]


def test_defaults_fill_empty_tables_only(db):
    defaults = lexicon_defaults()
    assert SearchSynonym.objects.count() == len({s["term"].lower() for s in defaults["synonym"]})
    assert SearchSynonym.objects.filter(folded_term="so do").exists()
    assert SearchStopPhrase.objects.filter(phrase="làm sao").exists()
    SearchSynonym.objects.filter(folded_term="so do").delete()
    SearchSynonym.objects.create(term="nhà đất", expansions="quyền sử dụng đất")
    assert lexicon_defaults_ensure() == (0, 0)
    assert not SearchSynonym.objects.filter(folded_term="so do").exists()
    assert SearchSynonym.objects.filter(folded_term="nha dat").exists()
