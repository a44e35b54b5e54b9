"""Choices used across the procedure catalogue."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    MINISTRY = "ministry", _("Cấp bộ")
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")
    OTHER = "other", _("Khác")


class ChannelKind(models.TextChoices):
    IN_PERSON = "in_person", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POST = "post", _("Bưu chính")


class TimeLimitUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("ngày làm việc")
    CALENDAR_DAYS = "calendar_days", _("ngày")
    HOURS = "hours", _("giờ")
    SAME_DAY = "same_day", _("trong ngày")


class OnlineLevel(models.TextChoices):
    FULL = "full", _("Toàn trình")
    PARTIAL = "partial", _("Một phần")
    NONE = "none", _("Không")


class ProcedureStatus(models.TextChoices):
    IN_FORCE = "in_force", _("Đang có hiệu lực")
    AMENDED = "amended", _("Đã sửa đổi")
    REPEALED = "repealed", _("Đã bãi bỏ")


class DecisionAction(models.TextChoices):
    ADD = "add", _("Công bố mới")
    AMEND = "amend", _("Sửa đổi, bổ sung")
    REPEAL = "repeal", _("Bãi bỏ")


class CalendarDayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Ngày nghỉ")
    WORKING_DAY = "working_day", _("Ngày làm việc bù")
