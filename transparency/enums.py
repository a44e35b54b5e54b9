"""Choices for dossier records."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DossierStatus(models.TextChoices):
    PENDING = "pending", _("Đang giải quyết")
    RESOLVED = "resolved", _("Đã giải quyết")
    SUPPLEMENT = "supplement", _("Bổ sung hồ sơ")
    WITHDRAWN = "withdrawn", _("Rút hồ sơ")
    REFUSED = "refused", _("Từ chối")


class Outcome(models.TextChoices):
    """Classification of a resolved dossier against its original due date."""

    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Quá hạn")


class ApologyReason(models.TextChoices):
    """Why a dossier was late, as editors classify the reason given in a notice (for filtering)."""

    STAFF_SHORTAGE = "staff_shortage", _("Thiếu nhân lực")
    COMPLEX_DOSSIER = "complex_dossier", _("Hồ sơ phức tạp")
    INTER_AGENCY = "inter_agency", _("Chờ phối hợp liên ngành")
    SITE_INSPECTION = "site_inspection", _("Chờ kiểm tra thực địa")
    SYSTEM_FAULT = "system_fault", _("Lỗi hệ thống")
    SUPPLEMENT = "supplement", _("Chờ bổ sung, xác minh thông tin")
    OTHER = "other", _("Khác")


class DossierSource(models.TextChoices):
    """The export shapes the dossier import recognises, each with its own code tables."""

    PORTAL = "portal", _("Bảng hồ sơ của cổng (CSV/XLSX)")
    OPENCPS = "opencps", _("OpenCPS")
    NATIONAL = "national", _("Bản ghi đồng bộ Cổng Dịch vụ công quốc gia")


class ResolvedAt(models.TextChoices):
    """Which of the export's two end dates resolves a dossier (``settings.PORTAL_RESOLVED_AT``)."""

    PROCESSING_END = "processing_end", _("Ngày kết thúc xử lý (có kết quả)")
    HANDED_OVER = "handed_over", _("Ngày trả kết quả cho người nộp")
