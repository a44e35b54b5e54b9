"""Wagtail admin: import procedures (upload → preview → confirm).

The uploaded file is kept server-side under a random token (never round-tripped through the
form), the preview is the pipeline's dry run, and confirming re-runs the pipeline on the same
file in one transaction.

Procedures the import changes while an editor has an unpublished draft (or a moderation in
progress) are listed apart, before confirming and again after: the import updates the live
version and keeps the draft as it is.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from procedures.importers.pipeline import procedures_import
from procedures.importers.report import CHANGED, INVALID, NEW, UNCHANGED, ImportReport
from procedures.importers.sources import ALLOWED_EXTENSIONS, FORMAT_LABELS
from procedures.models import Procedure

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,40}$")
_MAX_AGE_SECONDS = 24 * 3600
PERMISSION = "procedures.add_procedure"

# Labels of the fields a preview lists as changed.
FIELD_LABELS: dict[str, str] = {
    field.name: str(field.verbose_name)
    for field in Procedure._meta.get_fields()
    if hasattr(field, "verbose_name")
}
FIELD_LABELS.update(
    {
        "steps": str(_("Trình tự thực hiện")),
        "channels": str(_("Cách thức thực hiện")),
        "documents": str(_("Thành phần hồ sơ")),
        "legal_documents": str(_("Căn cứ pháp lý")),
        "decisions": str(_("Quyết định công bố")),
    }
)


def import_storage_dir() -> Path:
    """Where uploads wait for confirmation (settings.IMPORT_STORAGE_DIR, else the temp dir)."""
    base = getattr(settings, "IMPORT_STORAGE_DIR", None) or Path(tempfile.gettempdir()) / "procedure-imports"
    path = Path(base)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _stale_uploads_remove(root: Path) -> None:
    cutoff = time.time() - _MAX_AGE_SECONDS
    for child in root.iterdir():
        if child.is_dir() and child.stat().st_mtime < cutoff:
            shutil.rmtree(child, ignore_errors=True)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp danh mục thủ tục"),
        help_text=_(
            "Danh sách TTHC (.xlsx) hoặc bản ghi TTHC (.json) xuất từ dichvucong.gov.vn, "
            "hoặc tệp xuất của cổng (.csv, .xlsx, .json)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}),
    )
    decision = forms.CharField(
        label=_("Số quyết định công bố (không bắt buộc)"),
        required=False,
        max_length=100,
        help_text=_("Ví dụ 2735/QĐ-UBND: mọi thủ tục trong tệp được gắn với quyết định này."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        extension = Path(upload.name).suffix.lower()
        if extension not in ALLOWED_EXTENSIONS:
            raise forms.ValidationError(
                _("Định dạng “%(ext)s” không được hỗ trợ; dùng .xlsx, .csv hoặc .json."),
                params={"ext": extension or "?"},
            )
        limit = settings.IMPORT_MAX_UPLOAD_SIZE
        if upload.size > limit:
            raise forms.ValidationError(
                _("Tệp quá lớn (%(size)s); giới hạn là %(limit)s."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
        if upload.size == 0:
            raise forms.ValidationError(_("Tệp rỗng."))
        return upload


class _PermissionMixin:
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class ProcedureImportView(_PermissionMixin, WagtailAdminTemplateMixin, FormView):
    """Step 1: upload a file (and optionally the decision that publishes it)."""

    form_class = ImportForm
    template_name = "procedures/admin/import_form.html"
    page_title = _("Nhập thủ tục")
    header_icon = "upload"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def form_valid(self, form: ImportForm) -> HttpResponse:
        root = import_storage_dir()
        _stale_uploads_remove(root)
        token = secrets.token_urlsafe(18)
        folder = root / token
        folder.mkdir()
        upload = form.cleaned_data["file"]
        extension = Path(upload.name).suffix.lower()
        with (folder / f"upload{extension}").open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        meta = {
            "user": self.request.user.pk,
            "name": Path(upload.name).name,
            "extension": extension,
            "decision": form.cleaned_data["decision"].strip(),
        }
        (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        return HttpResponseRedirect(reverse("procedures_import_preview", args=[token]))


class ProcedureImportPreviewView(_PermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """Step 2: what the import would do, row by row; step 3: confirm (POST) applies it."""

    template_name = "procedures/admin/import_preview.html"
    page_title = _("Xem trước khi nhập")
    header_icon = "upload"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("procedures_import"), "label": _("Nhập thủ tục")},
            {"url": "", "label": self.page_title},
        ]

    def _upload(self, token: str) -> tuple[Path, dict[str, Any]]:
        if not _TOKEN.match(token):
            raise Http404
        folder = import_storage_dir() / token
        try:
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise Http404 from exc
        if meta.get("user") != self.request.user.pk:
            raise Http404
        return folder / f"upload{meta['extension']}", meta

    def _run(self, token: str, *, dry_run: bool) -> tuple[ImportReport, dict[str, Any]]:
        path, meta = self._upload(token)
        report = procedures_import(
            path=path,
            name=meta["name"],
            decision_number=meta["decision"] or None,
            dry_run=dry_run,
            user=self.request.user,
        )
        return report, meta

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        report, meta = self._run(kwargs["token"], dry_run=True)
        return self.render_to_response(self.get_context_data(report=report, meta=meta, token=kwargs["token"]))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = kwargs["token"]
        report, meta = self._run(token, dry_run=False)
        if not report.applied:
            messages.error(request, _("Chưa nhập: tệp có lỗi. Hãy sửa các dòng bị lỗi rồi tải lên lại."))
            return self.render_to_response(self.get_context_data(report=report, meta=meta, token=token))
        shutil.rmtree(import_storage_dir() / token, ignore_errors=True)
        if drafts := report.drafts:
            messages.warning(
                request,
                _(
                    "Đã giữ nguyên bản nháp chưa xuất bản của %(count)d thủ tục (%(codes)s). Bản nháp "
                    "được lập trên phiên bản cũ: hãy đối chiếu với nội dung vừa nhập trước khi xuất bản "
                    "hoặc duyệt."
                )
                % {
                    "count": len(drafts),
                    "codes": ", ".join(outcome.code for outcome in drafts[:10])
                    + (" …" if len(drafts) > 10 else ""),
                },
            )
        messages.success(
            request,
            _("Đã nhập %(name)s: %(new)d thủ tục mới, %(updated)d cập nhật, %(unchanged)d không đổi.")
            % {
                "name": meta["name"],
                "new": report.count(NEW),
                "updated": report.count(CHANGED),
                "unchanged": report.count(UNCHANGED),
            },
        )
        return HttpResponseRedirect(reverse("wagtailsnippets_procedures_procedure:list"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        report: ImportReport = kwargs["report"]
        context.update(
            {
                "format_label": FORMAT_LABELS.get(report.format, report.format),
                "counts": {
                    "new": report.count(NEW),
                    "changed": report.count(CHANGED),
                    "unchanged": report.count(UNCHANGED),
                    "invalid": report.count(INVALID),
                },
                "rows": [
                    {
                        "outcome": outcome,
                        "changed_labels": [FIELD_LABELS.get(name, name) for name in outcome.changed_fields],
                    }
                    for outcome in report.outcomes
                    # Unchanged rows are counted, not listed: a 600-row re-import stays readable.
                    if outcome.status != UNCHANGED
                ],
                "drafts": [
                    {
                        "outcome": outcome,
                        "draft": outcome.draft,
                        "changed_labels": [FIELD_LABELS.get(name, name) for name in outcome.changed_fields],
                        "edit_url": reverse(
                            "wagtailsnippets_procedures_procedure:edit", args=[outcome.draft.procedure_id]
                        ),
                    }
                    for outcome in report.drafts
                    if outcome.draft is not None
                ],
                "can_apply": report.ok and (report.count(NEW) + report.count(CHANGED)) > 0,
            }
        )
        return context
