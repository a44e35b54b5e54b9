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
