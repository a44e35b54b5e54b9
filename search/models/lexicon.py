"""The words citizens search with, as editors keep them (snippets, with history).

- ``SearchSynonym``: a colloquial name or an abbreviation (``sổ đỏ``, ``BHXH``) and the official
  wording it stands for (``giấy chứng nhận quyền sử dụng đất``, ``bảo hiểm xã hội``). A query
  holding the term also finds what holds an expansion; a two-way row also lets an expansion
  find the term and the other expansions.
- ``SearchStopPhrase``: words of a question (``làm sao``, ``ở đâu``, ``tôi muốn``) that never
  decide whether something is found.

Both are matched folded (``core.folding.normalize``), so typing with or without diacritics is the
same. ``search.lexicon`` reads them for every search; the defaults are
``search/lexicon_defaults.toml``, loaded into an empty table after ``migrate``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from core.folding import normalize

#: Longest term or phrase, in words: the query is matched greedily, longest first.
MAX_PHRASE_WORDS = 6


def _folded_check(value: str, *, field: str) -> str:
    folded = normalize(value)
    if not folded:
        raise ValidationError({field: _("Hãy nhập ít nhất một chữ hoặc số.")})
    if len(folded.split()) > MAX_PHRASE_WORDS:
        raise ValidationError({field: _("Tối đa %(count)s từ.") % {"count": MAX_PHRASE_WORDS}})
    return folded


def expansion_lines(text: str) -> list[str]:
    """The expansions as written: one per line (a ``;`` also separates), blanks dropped."""
    parts = [part.strip() for line in (text or "").splitlines() for part in line.split(";")]
    return [part for part in parts if normalize(part)]


class SearchSynonym(models.Model):
    term = models.CharField(
        max_length=100,
        verbose_name=_("Từ người dân gõ"),
        help_text=_(
            "Tên gọi thông thường hoặc chữ viết tắt, ví dụ “sổ đỏ”, “BHXH”. Có dấu hay không đều được."
        ),
    )
    expansions = models.TextField(
        verbose_name=_("Tên chính thức"),
        help_text=_(
            "Mỗi dòng một cách gọi trong tên thủ tục, ví dụ “giấy chứng nhận quyền sử dụng đất”. "
            "Tìm theo từ trên thì cũng ra các thủ tục có một trong các cách gọi này."
        ),
    )
    two_way = models.BooleanField(
        default=False,
        verbose_name=_("Hai chiều"),
        help_text=_("Tìm theo một tên chính thức cũng ra các thủ tục có từ trên (và các tên còn lại)."),
    )
    note = models.CharField(max_length=200, blank=True, verbose_name=_("Ghi chú"))
    folded_term = models.CharField(max_length=200, unique=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("term"), FieldPanel("expansions"), FieldPanel("two_way"), FieldPanel("note")]

    class Meta:
        verbose_name = _("Từ đồng nghĩa khi tìm kiếm")
        verbose_name_plural = _("Từ đồng nghĩa khi tìm kiếm")
        ordering = ["folded_term"]

    def __str__(self) -> str:
        return f"{self.term} → {'; '.join(expansion_lines(self.expansions))}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.term = " ".join(self.term.split())
        self.folded_term = normalize(self.term)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        folded = _folded_check(self.term, field="term")
        lines = expansion_lines(self.expansions)
        if not lines:
            raise ValidationError({"expansions": _("Hãy nhập ít nhất một tên chính thức.")})
        for line in lines:
            _folded_check(line, field="expansions")
        if type(self)._default_manager.filter(folded_term=folded).exclude(pk=self.pk).exists():
            raise ValidationError({"term": _("Đã có từ «%(term)s».") % {"term": self.term}})


class SearchStopPhrase(models.Model):
    phrase = models.CharField(
        max_length=100,
        verbose_name=_("Từ, cụm từ bỏ qua"),
        help_text=_(
            "Từ để hỏi, không quyết định kết quả: “làm sao”, “ở đâu”, “tôi muốn”. Viết có dấu: người "
            "tìm gõ không dấu thì khớp theo chữ, gõ có dấu thì phải đúng dấu (“cần” không bỏ “cán”)."
        ),
    )
    folded_phrase = models.CharField(max_length=200, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("phrase")]

    class Meta:
        verbose_name = _("Từ bỏ qua khi tìm kiếm")
        verbose_name_plural = _("Từ bỏ qua khi tìm kiếm")
        ordering = ["folded_phrase"]
        constraints = [models.UniqueConstraint(fields=["phrase"], name="search_stop_phrase_unique")]

    def __str__(self) -> str:
        return self.phrase

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.phrase = " ".join(self.phrase.lower().split())
        self.folded_phrase = normalize(self.phrase)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        _folded_check(self.phrase, field="phrase")
        phrase = " ".join(self.phrase.lower().split())
        if type(self)._default_manager.filter(phrase__iexact=phrase).exclude(pk=self.pk).exists():
            raise ValidationError({"phrase": _("Đã có «%(phrase)s».") % {"phrase": phrase}})
