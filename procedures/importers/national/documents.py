"""The documents to file ("Thành phần hồ sơ"): names, form templates and counts."""

from __future__ import annotations

import re

from procedures.importers.national.records import DocumentRecord
from procedures.importers.national.text import BULLET, clean_text, prepare_text

_DOCUMENT_HEADER = re.compile(r"Tên giấy tờ\s*Mẫu đơn\s*,?\s*tờ khai\s*Số lượng", re.IGNORECASE)
_COUNT = re.compile(
    r"(?<![\d(])(?:(?P<orig>\d+)\s*bản chính(?:\s*,\s*(?P<copy>\d+)\s*bản sao)?"
    r"|(?P<copy_only>\d+)\s*bản sao)",
    re.IGNORECASE,
)
_TEMPLATE_EXTENSION = re.compile(r"\.(?:docx?|pdf|xlsx?|odt|rtf|zip|rar)$", re.IGNORECASE)
_TEMPLATE_START = re.compile(
    r"Mẫu|Mau"  # "Mẫu TP-LS-28-sđ.docx", "Mau so 01a_QSDT, TSGLVD.docx", "MauDon.docx"
    r"|(?:(?<=[.;:)\]])|(?<=[^\W\d_]))\d+\.+\s?(?=[A-Za-z])(?!(?:docx?|pdf|xlsx?)$)"  # "1.nxinnhnconnui.doc"
    r"|(?<=[.;:)\]]|[a-z])(?=TP[-\s])"  # ")TP-DGTS-09.doc"
    r"|(?<=[^\W\d_])(?=TP[-\s])"  # "…tài sảnTP-DGTS-05.doc"
)


def _split_templates(text: str) -> tuple[str, str]:
    """Split trailing form file names off a document cell: ``(name, "file1\\nfile2")``."""
    templates: list[str] = []
    while _TEMPLATE_EXTENSION.search(text):
        starts = [m.start() for m in _TEMPLATE_START.finditer(text) if m.start() < len(text) - 4]
        if not starts:
            break
        start = starts[-1]
        # "6. TP-LS-06. De nghi....doc": a file name that itself starts with "N." is longer.
        for earlier in reversed(starts[:-1]):
            gap = text[earlier:start]
            if re.fullmatch(r"\d+\.+\s?", gap):
                start = earlier
            else:
                break
        templates.insert(0, text[start:].strip())
        text = text[:start]
    return text, "\n".join(templates)


def _is_prose_after(text: str, end: int) -> bool:
    """Is a "N bản chính" ending at ``end`` part of a sentence rather than the count column?

    "(01 bản chính hoặc 01 bản sao có chứng thực)", "01 bản chính/hồ sơ", "01 bản chính, kèm
    theo …" are prose; "1 bản chính- Tờ khai…", "1 bản chínhGiấy…" or "1 bản chínhảnh màu…"
    (the next cell glued on) are counts.
    """
    rest = text[end:]
    stripped = rest.lstrip()
    if stripped[:1] in {")", "/"}:
        return True
    if stripped[:1] == ",":
        stripped = stripped[1:].lstrip()
        return stripped[:1].islower()
    return len(stripped) < len(rest) and stripped[:1].islower()


def _document_cells(body: str) -> tuple[list[tuple[str, int | None, int | None]], str]:
    """Cut one table body into ``(cell text, originals, copies)`` rows plus trailing text."""
    rows: list[tuple[str, int | None, int | None]] = []
    position = 0
    for match in _COUNT.finditer(body):
        if match.start() > 0 and body[match.start() - 1 : match.start()] == "(":
            continue
        if _is_prose_after(body, match.end()):
            continue
        originals = int(match.group("orig")) if match.group("orig") is not None else 0
        if match.group("copy") is not None:
            copies = int(match.group("copy"))
        elif match.group("copy_only") is not None:
            copies = int(match.group("copy_only"))
        else:
            copies = 0
        rows.append((body[position : match.start()], originals, copies))
        position = match.end()
    return rows, body[position:]


def _group_title(text: str) -> str:
    """A document group heading without bullets and trailing colon ("--" means none)."""
    title = clean_text(text)
    title = re.sub(r"^[-*•+]+\s*", "", title)
    return "" if re.fullmatch(r"[-*\s]*", title) else title.rstrip(" :")


def parse_documents(text: str) -> tuple[DocumentRecord, ...]:
    """Parse "Thành phần hồ sơ" into documents, losing no text.

    The flattened text is ``[group title]Tên giấy tờMẫu đơn, tờ khaiSố lượng`` followed by
    rows ``name[form file name(s)]N bản chính[,M bản sao]``, possibly several groups ("* Giấy
    tờ phải nộp:", "* Giấy tờ phải xuất trình:", ...; "--" means no title). Each row gives one
    document; "N bản chính" alone means M = 0 copies. Text after the last count of the last
    group (or a record with no counts at all) becomes documents without counts, one per line.
    A group title followed by no document becomes a document of its own.
    """
    cleaned = prepare_text(text)
    parts = _DOCUMENT_HEADER.split(cleaned)
    documents: list[DocumentRecord] = []

    def add(
        name: str,
        template: str = "",
        originals: int | None = None,
        copies: int | None = None,
        group: str = "",
    ) -> None:
        name = clean_text(BULLET.sub("", clean_text(name)))
        if name or template:
            documents.append(
                DocumentRecord(len(documents) + 1, name, clean_text(template), originals, copies, group)
            )

    if len(parts) == 1:  # no table header: counts if any, else one document per line
        rows, tail = _document_cells(cleaned)
        for cell, originals, copies in rows:
            name, template = _split_templates(clean_text(cell))
            add(name, template, originals, copies)
        for line in clean_text(tail).split("\n"):
            add(line)
        return tuple(documents)

    group = _group_title(parts[0])
    for index, body in enumerate(parts[1:], start=1):
        rows, tail = _document_cells(body)
        if not rows and group:
            add(group, group=group)
        for cell, originals, copies in rows:
            name, template = _split_templates(clean_text(cell))
            add(name, template, originals, copies, group)
        if index < len(parts) - 1:
            group = _group_title(tail)
        else:
            for line in clean_text(tail).split("\n"):
                add(line, group=group)
    return tuple(documents)
