"""What a query that is one well-formed code (``search.query.code_shape``) finds.

A code finds its object or nothing: a procedure by its code, the public apology notice
of a dossier by the dossier's code (dossiers themselves are never results). The site
search and its suggestions share these answers, whatever the search backend.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from search.query import CodeKind, QueryCode
from search.registry import SearchType, registry


def code_missing_message(code: QueryCode) -> str:
    """What a visitor is told when nothing has the code typed."""
    if code.kind == CodeKind.DOSSIER:
        # Dossiers are not public: only the notice that apologises for one can be found.
        return gettext("Không có thư xin lỗi công khai nào cho hồ sơ mã %(code)s.") % {"code": code.value}
    return gettext("Không có thủ tục mã %(code)s.") % {"code": code.value}


def code_suggestions(*, code: QueryCode | None, limit: int) -> list[tuple[SearchType, Any]]:
    """The objects a code suggests, best first: the procedure and its local variants
    (``1.004222.000.00.00.H49``), or the notice for a dossier; never a name that happens to
    hold the code's pieces."""
    if code is None:
        return []
    if code.kind == CodeKind.PROCEDURE:
        procedure_type = registry.get("thu-tuc")
        if procedure_type is None:
            return []
        codes = procedure_type.queryset().filter(code__istartswith=code.value).order_by("code")[:limit]
        return [(procedure_type, procedure) for procedure in codes]
    notice_type = registry.get("xin-loi")
    if notice_type is None:
        return []
    return [(notice_type, notice) for notice in notice_type.exact(text=code.value)[:limit]]
