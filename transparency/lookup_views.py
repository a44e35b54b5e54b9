"""``/tra-cuu/``: a citizen looks up their own dossier with its code and the look-up code printed
on the receipt. POST only carries the codes (never the address bar, the logs or the page cache)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from transparency.selectors.lookup import (
    MAX_CODE,
    MAX_SECRET,
    LookupInputError,
    dossier_lookup,
    lookup_answer_get,
    lookup_fields_clean,
)
from transparency.services.lookup import lookup_count, lookup_retry_after

#: Said alike for an unknown dossier code and a wrong look-up code.
NOT_FOUND = gettext_lazy(
    "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này. Hãy kiểm tra lại hai mã in trên phiếu hẹn trả "
    "kết quả (chữ hoa, chữ thường và dấu cách không quan trọng với mã tra cứu)."
)


@never_cache
@sensitive_post_parameters("secret")
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {"max_code": MAX_CODE, "max_secret": MAX_SECRET, "code": ""}
    status = 200
    retry_after: int | None = None
    if request.method == "POST":
        status, retry_after = _answer(request, context)
    response = TemplateResponse(request, "transparency/lookup.html", context, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def _answer(request: HttpRequest, context: dict[str, Any]) -> tuple[int, int | None]:
    """Fill ``context`` with the answer to the posted codes; the status and any Retry-After."""
    context["code"] = str(request.POST.get("code", ""))[:MAX_CODE]
    try:
        code, secret = lookup_fields_clean(
            code=str(request.POST.get("code", "")), secret=str(request.POST.get("secret", ""))
        )
    except LookupInputError as error:
        context["error"] = str(error)
        return 400, None
    wait = lookup_retry_after(request=request, code=code)
    if wait is not None:
        lookup_count(outcome="limited")
        context["error"] = gettext(
            "Đã thử quá nhiều lần. Hãy thử lại sau %(minutes)d phút, hoặc liên hệ Trung tâm để được giúp."
        ) % {"minutes": wait // 60 + 1}
        return 429, wait
    dossier = dossier_lookup(code=code, secret=secret)
    if dossier is None:
        lookup_count(outcome="not_found")
        context["error"] = str(NOT_FOUND)
        return 404, None
    lookup_count(outcome="found")
    context["answer"] = lookup_answer_get(dossier=dossier)
    return 200, None
