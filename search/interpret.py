"""A query read the way citizens ask: question words left out, colloquial names and abbreviations
expanded, typing slips corrected. Every interpretation only *adds* ways to match (the words as
typed stay an alternative), so nothing that matched before is lost; the ranking by name
(``search.selectors``) then reads the slots.

1. Question frames and filler (``search.models.SearchStopPhrase``: "thủ tục", "làm sao", "ở đâu",
   "cần những gì", "tôi muốn") are left out, unless nothing else was typed. An unaccented word
   matches a stop word by its letters; an accented one only with the same marks.
2. Synonyms (``search.models.SearchSynonym``) are matched on folded words, longest first.
3. A remaining word the catalogue's vocabulary does not know gets its spelling correction
   (``search.spelling``) as an alternative.

Codes and code-like text are never interpreted.
"""

from __future__ import annotations

from dataclasses import replace

from search.lexicon import Lexicon, Vocabulary, lexicon_get, vocabulary_get
from search.query import ParsedQuery, Slot, SlotKind, has_marks, query_parse
from search.spelling import correction, suggestion_words


def _stop_at(lexicon: Lexicon, folded: tuple[str, ...], raw: tuple[str, ...], start: int) -> int:
    """Length of the longest stop phrase at ``start`` (0: none)."""
    for stop in lexicon.stops:
        end = start + len(stop.folded)
        if folded[start:end] != stop.folded:
            continue
        if all(
            not has_marks(typed) or typed == wanted
            for typed, wanted in zip(raw[start:end], stop.raw, strict=True)
        ):
            return len(stop.folded)
    return 0


def _synonym_at(lexicon: Lexicon, words: tuple[str, ...], start: int) -> int:
    """Length of the longest synonym term at ``start`` (0: none)."""
    for length in range(min(lexicon.longest, len(words) - start), 0, -1):
        if tuple(words[start : start + length]) in lexicon.synonyms:
            return length
    return 0


def _group_slots(
    folded: tuple[str, ...], raw: tuple[str, ...], *, lexicon: Lexicon, vocabulary: Vocabulary
) -> tuple[tuple[Slot, ...], list[str]]:
    """Left to right: a synonym term (longest first) wins over a stop phrase ("xin phép xây
    nhà" is a term, "xin" a stop word), a stop phrase over a word."""
    slots: list[Slot] = []
    dropped: list[str] = []
    i = 0
    while i < len(folded):
        length = _synonym_at(lexicon, folded, i)
        if length:
            phrase = tuple(folded[i : i + length])
            expansions = lexicon.synonyms[phrase]
            slots.append(
                Slot(
                    typed=" ".join(raw[i : i + length]),
                    alternatives=(phrase, *(e.words for e in expansions)),
                    kind=SlotKind.SYNONYM,
                    shown=tuple(e.shown for e in expansions),
                )
            )
            i += length
            continue
        length = _stop_at(lexicon, folded, raw, i)
        if length:
            dropped.append(" ".join(raw[i : i + length]))
            i += length
            continue
        word = folded[i]
        fixed = correction(word, vocabulary) if word not in lexicon.words else None
        if fixed:
            shown = " ".join(vocabulary.display(part) for part in fixed)
            slots.append(
                Slot(typed=raw[i], alternatives=((word,), fixed), kind=SlotKind.SPELLING, shown=(shown,))
            )
        else:
            slots.append(Slot.word(word, raw[i]))
        i += 1
    if not slots:
        # Nothing but question words: search them as typed.
        return tuple(Slot.word(word, typed) for word, typed in zip(folded, raw, strict=False)), []
    return tuple(slots), dropped


def query_interpret(
    query: ParsedQuery, *, lexicon: Lexicon | None = None, vocabulary: Vocabulary | None = None
) -> ParsedQuery:
    """The query with its slots set (unchanged for codes, code-like text and empty queries)."""
    if query.is_empty or query.code is not None or query.code_like:
        return query
    lexicon = lexicon if lexicon is not None else lexicon_get()
    vocabulary = vocabulary if vocabulary is not None else vocabulary_get()
    raw_groups = query.raw_groups or query.groups
    slots = []
    dropped: list[str] = []
    for group, raw in zip(query.groups, raw_groups, strict=False):
        group_slots, group_dropped = _group_slots(group, raw, lexicon=lexicon, vocabulary=vocabulary)
        slots.append(group_slots)
        dropped += group_dropped
    return replace(query, slots=tuple(slots), dropped=tuple(dropped))


def interpretation_text(query: ParsedQuery) -> str:
    """What was searched, as a person reads it: "hoàn thuế VAT (giá trị gia tăng)", "đăng ký
    thường trú" for "dang kys thuong tru"; "" when nothing was interpreted."""
    if not query.interpreted:
        return ""
    groups = []
    for group in query.slots:
        parts = []
        for slot in group:
            if slot.kind == SlotKind.SPELLING:
                parts.append(slot.shown[0])
            elif slot.kind == SlotKind.SYNONYM:
                parts.append(f"{slot.typed} ({'; '.join(slot.shown)})")
            else:
                parts.append(slot.typed)
        groups.append(" ".join(parts))
    return " OR ".join(groups)


def did_you_mean(query: ParsedQuery, *, vocabulary: Vocabulary | None = None) -> str:
    """A query worth trying instead of one that found nothing ("" when there is none)."""
    if query.is_empty or query.code is not None or query.code_like:
        return ""
    vocabulary = vocabulary if vocabulary is not None else vocabulary_get()
    changed = False
    groups = []
    for group in query.slot_groups:
        words = []
        for slot in group:
            if slot.kind == SlotKind.WORD and " " not in slot.alternatives[0][0]:
                fixed = suggestion_words(slot.alternatives[0][0], vocabulary)
                if fixed:
                    changed = True
                    words.append(" ".join(vocabulary.display(part) for part in fixed))
                    continue
            words.append(slot.typed if slot.kind != SlotKind.SPELLING else slot.shown[0])
        groups.append(" ".join(words))
    return " OR ".join(groups) if changed else ""


def query_read(*, text: str | None) -> ParsedQuery:
    """Parse and interpret what a visitor typed."""
    return query_interpret(query_parse(text=text))
