"""The legal basis of a procedure ("Căn cứ pháp lý"): legal documents and their codes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.folding import fold
from procedures.importers.national.records import LegalDocRecord
from procedures.importers.national.text import clean_text, prepare_text

_LEGAL_HEADER = re.compile(r"^\s*Tên văn bản pháp lý\s*Mã văn bản", re.IGNORECASE)
# "04/2020/TT-BTP", "66.7/2025/NQ-CP", "08.a/2010/TT-BTP", "09b/2013/TT-BTP", "2338/QĐ-BTP",
# "01/2014/NQLT-CP-UBTƯMTTQVN", "1523/QĐ-BCA-C06".
_NUMBER = r"\d+(?:\.\d+|\.?[a-z](?![a-z]))?"
_CODE_HEAD = re.compile(rf"(?P<number>{_NUMBER})/(?:\d{{4}}/)?(?=[A-ZĐƯ])")
_NEXT_CODE = re.compile(rf"{_NUMBER}/(?:\d{{4}}/)?[A-ZĐƯ]")
_BARE_CODE_AT_END = re.compile(rf"(?P<code>{_NUMBER}/\d{{4}})\s*$")
_CODE_SEGMENT = re.compile(r"TTg|[A-ZĐƯ]+\d*")
# Issuers and document types seen in codes; used to cut a code glued to an upper-case title
# ("…/NĐ-CPTHÔNG TƯ…", "…/TT-BTPBAN HÀNH…"), where letters alone cannot tell where it ends.
_CODE_TOKENS = frozenset(
    {
        # issuers
        *("CP", "TTg", "BTP", "BTC", "BCA", "BNG", "BYT", "BQP", "BCT", "BXD", "BNV", "BTNMT"),
        *("BNNPTNT", "BNNMT", "BGTVT", "BGDĐT", "BKHĐT", "BLĐTBXH", "BVHTTDL", "BTTTT", "BKHCN"),
        *("BDTTG", "BNN", "BDT", "NHNN", "VPCP", "UBND", "HĐND", "TANDTC", "VKSNDTC", "KTNN"),
        *("MTTQVN", "UBTƯMTTQVN", "UBTVQH", "HĐTP", "TLĐ", "BCĐ"),
        # document types
        *("NĐ", "ND", "TT", "QĐ", "QD", "NQ", "TTLT", "NQLT", "CT", "PL"),
    }
)
_ONSET_PAIRS = frozenset({"ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr"})
_CODE_CELL_PREFIX = re.compile(
    r"(?<=[^\s])(?:Thông tư liên tịch|Thông tư|Nghị định|Nghị quyết|Quyết định|Bộ luật|Luật|Pháp lệnh)"
    r"(?:\s+số)?\s*$"
)


@dataclass(slots=True)
class _Code:
    start: int
    end: int
    code: str


def _begins_word(capital: str, following: str) -> bool:
    """Could ``capital`` + ``following`` start a Vietnamese word ("Cô…", "Th…"; not "Ps…")?"""
    if not following:
        return False
    base = fold(following[0])[:1]  # the letter without its marks: "ô" → "o"
    return bool(base) and (base in "aeiouy" or f"{capital.lower()}{base}" in _ONSET_PAIRS)


def _trim_segment(text: str, position: int, segment: str) -> str:
    """Give back the letters a greedy code segment took from the next, glued title.

    Known issuers decide first ("CPTHÔNG" → "CP", "BTPBAN" → "BTP", "BCASỬA" → "BCA"); else a
    capital is given back when it begins a word with what follows ("…UBTƯMTTQVNCông bố" →
    "UBTƯMTTQVN"), but not when that cannot be a word ("TT-BTPsửa đổi" keeps "BTP").
    """
    end = position + len(segment)
    glued = text[end : end + 1].isalpha() or (segment not in _CODE_TOKENS and len(segment) > 2)
    if segment in _CODE_TOKENS or not glued or segment[-1].isdigit():
        return segment
    for cut in range(len(segment) - 1, 1, -1):
        if segment[:cut] in _CODE_TOKENS:
            return segment[:cut]
    while len(segment) > 1:
        end = position + len(segment)
        nxt = text[end : end + 1]
        if not nxt.isalpha() or text.startswith("ngày", end):
            break
        if nxt.isupper() and (nxt.isascii() or nxt in "ĐƯ"):
            break  # the next word starts right after the segment
        if nxt.islower() and not _begins_word(segment[-1], text[end:]):
            break
        segment = segment[:-1]
    return segment


def _read_code(text: str, head: re.Match[str]) -> _Code | None:
    """Read the code starting at ``head``, without eating the next title or a glued code."""
    start = head.start()
    digits_run = re.match(r"\d+", head.group("number"))
    run = digits_run.group(0) if digits_run else ""
    if len(run) > 4:  # "Luật Cư trú 202068/2020/QH14": a year (or number) of the title is glued on
        start += 4 if re.match(r"(?:19|20)\d\d", run) else len(run) - 4
    position = head.end()
    segments: list[str] = []
    while True:
        match = _CODE_SEGMENT.match(text, position)
        if not match:
            break
        segment = match.group(0)
        digits = re.search(r"\d+$", segment)
        if digits and _NEXT_CODE.match(text, position + digits.start()):
            # "QH1360/2014/QH13": keep the legislature number, leave the next code alone.
            keep = 2 if segment.startswith("QH") and len(digits.group(0)) > 2 else 0
            segment = segment[: digits.start() + keep]
        else:
            segment = _trim_segment(text, position, segment)
        if not segment:
            break
        segments.append(segment)
        position += len(segment)
        dash = re.match(r"-\s?(?=[A-ZĐƯ0-9])", text[position:])
        if not dash or len(segment) != len(match.group(0)):
            break
        position += dash.end()
    if not segments:
        return None
    return _Code(start, position, re.sub(r"-\s+", "-", text[start:position]))


def _ends_row(text: str, codes: list[_Code], index: int) -> bool:
    """Does ``codes[index]`` fill the code column (end a row) rather than sit inside a title?

    It does when it ends the text, or is glued to the next title ("…04/2020/TT-BTPNghị định…",
    but not "…/TT-BCAngày 01/7/2025"), or is glued to the end of its title and followed by the
    next one ("…Bộ Tư pháp08/2025/TT-BTP Nghị định…"). Codes glued to codes: a code followed by
    the same code is the title's ("Luật 60/2014/QH1360/2014/QH13"), the copy ends the row; a
    code followed by a different one is in the title ("…theo Luật số 37/2024/QH1519/2024/TT-BTP")
    unless that one comes twice (the next row is a bare "code|code").
    """
    code = codes[index]

    def glued(at: int) -> _Code | None:
        """``codes[at]`` if it starts right where ``codes[at - 1]`` ends."""
        if 1 <= at < len(codes) and codes[at - 1].end == codes[at].start:
            return codes[at]
        return None

    after = text[code.end :]
    if not after.strip():
        return True
    following = glued(index + 1)
    if following is not None:
        if following.code == code.code:
            return False
        previous = glued(index)
        if previous is not None and codes[index - 1].code == code.code:
            return True
        twice = glued(index + 2)
        return twice is not None and twice.code == following.code
    if _NEXT_CODE.match(after):
        return False
    if after[0].isalpha():
        return not after.startswith("ngày")
    glued_before = code.start == 0 or not text[code.start - 1].isspace()
    return glued_before and bool(re.match(r"\s+[^\W\d_]", after))


_DOCUMENT_TYPE_ONLY = re.compile(
    r"(?:Thông tư liên tịch|Thông tư|Nghị định|Nghị quyết|Quyết định|Bộ luật|Luật|Pháp lệnh)(?:\s+số)?"
)


def parse_legal_basis(text: str) -> tuple[LegalDocRecord, ...]:
    """Split "Căn cứ pháp lý" into legal documents with their codes.

    The flattened table is ``Tên văn bản pháp lýMã văn bản`` followed by rows
    ``<title><code>`` run together (``…do Bộ trưởng Bộ Tư pháp ban hành04/2020/TT-BTPNghị
    định…``); see :func:`_ends_row` for when a code closes a row. Codes inside a title
    ("Nghị định số 123/2015/NĐ-CP ngày …") stay in the title. The code keeps only the
    number/year/issuer part ("Luật số 13/2008/QH12" → ``13/2008/QH12``). When the code cell
    reads "Nghị định số 123/2013/NĐ-CP" and the title does not name the document type ("quy
    định chi tiết …"), the title becomes "Nghị định số 123/2013/NĐ-CP quy định chi tiết …"; a
    title that is only a type ("Thông tư") gets the code appended. Text after the last code
    becomes a document without code.
    """
    body = _LEGAL_HEADER.sub("", prepare_text(text), count=1)
    codes: list[_Code] = []
    search_from = 0
    while head := _CODE_HEAD.search(body, search_from):
        code = _read_code(body, head)
        if code is None:
            search_from = head.end()
            continue
        codes.append(code)
        search_from = code.end

    rows: list[tuple[str, str]] = []
    position = 0
    for index, code in enumerate(codes):
        if not _ends_row(body, codes, index):
            continue
        title = body[position : code.start]
        prefix = _CODE_CELL_PREFIX.search(title)
        cell_label = ""
        if prefix:  # the code cell read "Thông tư số 01/2010/TT-BTP"
            title, cell_label = title[: prefix.start()], clean_text(prefix.group(0))
        title = clean_text(title).strip(" -\u2013")
        position = code.end
        if not title and rows and rows[-1][1] == code.code:
            continue  # "Thông tư số 64/2025/TT-BCTThông tư số 64/2025/TT-BCT": one document
        if _DOCUMENT_TYPE_ONLY.fullmatch(title):
            title = f"{title} {code.code}"
        elif cell_label and not _DOCUMENT_TYPE_ONLY.match(title):
            # "quy định chi tiết …" + "Nghị định số 123/2013/NĐ-CP": keep the document type.
            title = f"{cell_label} {code.code} {title}"
        rows.append((title or code.code, code.code))
    tail = clean_text(body[position:])
    bare = _BARE_CODE_AT_END.search(tail)
    if bare and bare.start() > 0:  # "…chuỗi giá trị24/2024": a code cell without issuer
        rows.append((clean_text(tail[: bare.start()]), bare.group("code")))
    elif tail:
        rows.append((tail, ""))
    return tuple(LegalDocRecord(order, title, code) for order, (title, code) in enumerate(rows, start=1))
