"""What a visitor typed, made safe and turned into a backend-neutral search query.

Folding and normalising (``core.folding.normalize``) leaves only words, so no
backend ever sees its own query syntax (FTS5 quotes, ``*``, ``:``, PostgreSQL
``tsquery`` operators, Lucene syntax): quotes, ``\\``, control characters and the
like cannot fail a search. Upper-case ``OR`` between words is honoured (either side
may match); ``AND`` is what every query does anyway, so it is dropped; ``NOT`` is
dropped too (excluding words is not offered).

What is *code-shaped* is decided here, once, before any backend is asked (see
``code_shape``), so the database backends and Elasticsearch treat codes alike.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from modelsearch.query import And, Or, PlainText, SearchQuery

from core.folding import fold, normalize

MAX_QUERY_CHARS = 200
MAX_TERMS = 24
_OPERATORS_DROPPED = frozenset({"AND", "NOT", "&&"})
_OPERATORS_OR = frozenset({"OR", "||", "|"})

#: A national procedure code (``1.004222``), optionally with a local variant's suffix
#: (``2.000123.000.00.00.H49``: the agency's national identifier appended).
PROCEDURE_CODE = re.compile(r"\d\.\d{6}(?:\.[0-9A-Z]+)*", re.ASCII | re.IGNORECASE)
#: A dossier (receipt) number as one-stop software prints it: the receiving agency's
#: national identifier, the day received (yymmdd) and a sequence
#: (``000.00.03.H49-191024-0007``).
#: The start of a procedure code (``1.0042``), which suggestions complete.
PROCEDURE_CODE_PREFIX = re.compile(r"\d[\d.]{2,}", re.ASCII)
DOSSIER_CODE = re.compile(r"\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4,6}", re.ASCII | re.IGNORECASE)


class CodeKind(StrEnum):
    PROCEDURE = "procedure"
    DOSSIER = "dossier"


@dataclass(frozen=True, slots=True)
class QueryCode:
    """A whole query that is one well-formed code: it finds its object or nothing."""

    kind: CodeKind
    #: The code as typed, spaces removed, letters upper-cased (how codes are printed).
    value: str


def code_shape(text: str) -> QueryCode | None:
    """The code a query consists of, or None when it is not exactly one well-formed code.

    Such a query is never searched as words: its pieces (``1``, ``004222``, ``h49``) would
    match unrelated text, so a code that does not exist would find noise instead of nothing.
    """
    compact = "".join(text.split()).upper()
    if len(compact) > 64:
        return None
    if PROCEDURE_CODE.fullmatch(compact):
        return QueryCode(kind=CodeKind.PROCEDURE, value=compact)
    if DOSSIER_CODE.fullmatch(compact):
        return QueryCode(kind=CodeKind.DOSSIER, value=compact)
    return None


def _code_like(text: str, groups: list[list[str]]) -> bool:
    """One token holding a digit that folding splits into several words (``1.0042``,
    ``000.00.03.H49-1910``, ``04/2020/TT-BTP``): code-like text, whose words must all match."""
    return " " not in text and len(groups) == 1 and len(groups[0]) > 1 and any(ch.isdigit() for ch in text)


def _clean(text: str) -> str:
    """Control and format characters become spaces; runs of spaces collapse."""
    chars = (" " if unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} else ch for ch in text)
    return " ".join("".join(chars).split())


class SlotKind(StrEnum):
    #: A word as typed (known, or nothing better found).
    WORD = "word"
    #: A term of ``search.models.SearchSynonym``: its expansions are alternatives.
    SYNONYM = "synonym"
    #: A word not in the catalogue's vocabulary: its spelling corrections are alternatives.
    SPELLING = "spelling"


@dataclass(frozen=True, slots=True)
class Slot:
    """One thing a query asks for: the words typed and what else may stand for them.

    ``alternatives[0]`` is always the words as typed (folded), so an interpretation only ever
    adds ways to match; a slot matches when every word of one alternative does.
    """

    typed: str
    alternatives: tuple[tuple[str, ...], ...]
    kind: SlotKind = SlotKind.WORD
    #: How each added alternative is shown ("giấy chứng nhận quyền sử dụng đất", "đăng ký").
    shown: tuple[str, ...] = ()

    @staticmethod
    def word(folded: str, typed: str) -> Slot:
        return Slot(typed=typed, alternatives=((folded,),))

    def covered_by(self, words: set[str] | frozenset[str]) -> tuple[str, ...] | None:
        """The first alternative all of whose words are in ``words``."""
        return next((alt for alt in self.alternatives if set(alt) <= words), None)


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A cleaned query: ``text`` to show back (always escaped by templates) and word groups."""

    text: str
    groups: tuple[tuple[str, ...], ...]
    truncated: bool = False
    #: The query is one well-formed procedure or dossier code (``code_shape``).
    code: QueryCode | None = None
    #: The query is one code-like token: it is never relaxed to "any of its words".
    code_like: bool = False
    #: The words of each group as typed (lower-case, diacritics kept), aligned with ``groups``.
    raw_groups: tuple[tuple[str, ...], ...] = ()
    #: Set by ``search.interpret.query_interpret``: per group, what each part of it asks for.
    slots: tuple[tuple[Slot, ...], ...] = ()
    #: Question words left out (``làm sao``, ``ở đâu``), as typed.
    dropped: tuple[str, ...] = ()

    @property
    def slot_groups(self) -> tuple[tuple[Slot, ...], ...]:
        """The slots of each group: one per word when the query was not interpreted."""
        if self.slots:
            return self.slots
        raw = self.raw_groups or self.groups
        return tuple(
            tuple(Slot.word(word, typed) for word, typed in zip(group, raw_group, strict=False))
            for group, raw_group in zip(self.groups, raw, strict=False)
        )

    @property
    def interpreted(self) -> bool:
        """Whether anything was added or left out (synonyms, corrections, question words)."""
        return bool(self.dropped) or any(len(slot.alternatives) > 1 for group in self.slots for slot in group)

    @property
    def terms(self) -> tuple[str, ...]:
        """Every word that may match: typed, and of each alternative (highlighting, snippets)."""
        seen: dict[str, None] = {}
        for group in self.slot_groups:
            for slot in group:
                for alternative in slot.alternatives:
                    for term in alternative:
                        seen.setdefault(term, None)
        return tuple(seen)

    @property
    def slot_count(self) -> int:
        return max((len(group) for group in self.slot_groups), default=0)

    def matches_words(self, words: set[str] | frozenset[str]) -> bool:
        """Whether a text of these (folded) words holds every slot of some group."""
        return any(all(slot.covered_by(words) for slot in group) for group in self.slot_groups)

    @property
    def normalized(self) -> str:
        """The words as typed, folded, each once: what the query is counted and completed by."""
        return " ".join(dict.fromkeys(word for group in self.groups for word in group))

    @property
    def is_empty(self) -> bool:
        return not self.terms

    def search_query(self, *, operator: str = "and", synonyms: bool = True) -> SearchQuery:
        """The modelsearch query: one AND group, or an OR of groups.

        A slot with alternatives becomes an OR of them (each alternative's words together);
        consecutive plain words stay one ``PlainText``, so a query nothing was added to is
        sent exactly as before. ``synonyms=False`` leaves the synonym expansions to the
        backend (the Elasticsearch synonym filter, ``search.backends.elasticsearch``).
        """
        if not self.slots:
            parts = [PlainText(" ".join(group), operator=operator) for group in self.groups]
            return parts[0] if len(parts) == 1 else Or(parts)
        parts = [_group_query(group, operator=operator, synonyms=synonyms) for group in self.slots]
        return parts[0] if len(parts) == 1 else Or(parts)


def _group_query(slots: tuple[Slot, ...], *, operator: str, synonyms: bool) -> SearchQuery:
    plain: list[str] = []
    pieces: list[SearchQuery] = []
    for slot in slots:
        alternatives = (
            slot.alternatives if synonyms or slot.kind != SlotKind.SYNONYM else slot.alternatives[:1]
        )
        if len(alternatives) == 1:
            plain += alternatives[0]
            continue
        pieces.append(Or([PlainText(" ".join(alternative), operator="and") for alternative in alternatives]))
    if plain:
        pieces.insert(0, PlainText(" ".join(plain), operator=operator))
    if len(pieces) == 1:
        return pieces[0]
    return And(pieces) if operator == "and" else Or(pieces)


def query_parse(*, text: str | None) -> ParsedQuery:
    """Parse what a visitor typed; never raises, whatever the input."""
    cleaned = _clean(text or "")
    truncated = len(cleaned) > MAX_QUERY_CHARS
    if truncated:
        cut = cleaned[:MAX_QUERY_CHARS]
        cleaned = cut.rsplit(" ", 1)[0] if " " in cut else cut
    groups: list[list[str]] = [[]]
    raw_groups: list[list[str]] = [[]]
    count = 0
    for token in cleaned.split():
        if token in _OPERATORS_OR:
            if groups[-1]:
                groups.append([])
                raw_groups.append([])
            continue
        if token in _OPERATORS_DROPPED:
            continue
        words = normalize(token).split()
        raw = raw_words(token)
        if len(raw) != len(words):
            raw = words
        for word, typed in zip(words, raw, strict=True):
            if count >= MAX_TERMS:
                truncated = True
                break
            groups[-1].append(word)
            raw_groups[-1].append(typed)
            count += 1
    kept = [group for group in groups if group]
    code = code_shape(cleaned)
    return ParsedQuery(
        text=cleaned,
        groups=tuple(tuple(group) for group in kept),
        truncated=truncated,
        code=code,
        code_like=code is not None or _code_like(cleaned, kept),
        raw_groups=tuple(tuple(group) for group in raw_groups if group),
    )


_RAW_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def raw_words(text: str) -> list[str]:
    """The words of ``text`` lower-cased with their diacritics (``normalize`` without folding)."""
    return _RAW_WORD.findall(unicodedata.normalize("NFC", text).lower())


def has_marks(word: str) -> bool:
    """Whether a word carries Vietnamese diacritics (or đ)."""
    return fold(word) != word
