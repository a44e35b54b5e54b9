"""factory_boy factories shared by the test suite."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from procedures.enums import ChannelKind, TimeLimitUnit
from procedures.models import Channel, Decision, Department, Field, Procedure, Step
from transparency.enums import DossierStatus
from transparency.models import Dossier


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Sở Thử nghiệm {n}")
    name_en = factory.Sequence(lambda n: f"Test Department {n}")
    short_name = factory.Sequence(lambda n: f"STN{n}")
    slug = factory.Sequence(lambda n: f"so-thu-nghiem-{n}")


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")
    slug = factory.Sequence(lambda n: f"linh-vuc-{n}")


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: f"{100 + n}/QĐ-UBND")
    slug = factory.Sequence(lambda n: f"{100 + n}-qd-ubnd")
    date = dt.date(2019, 8, 28)
    issuer = "UBND tỉnh Quảng Nam"


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"9.{n:06d}")
    name = factory.Sequence(lambda n: f"Thủ tục thử nghiệm số {n}")
    department = factory.SubFactory(DepartmentFactory)
    field = factory.SubFactory(FieldFactory)
    live = True


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    procedure = factory.SubFactory(ProcedureFactory)
    text = factory.Sequence(lambda n: f"Bước {n}: nộp hồ sơ")
    sort_order = factory.Sequence(int)


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel

    procedure = factory.SubFactory(ProcedureFactory)
    kind = ChannelKind.IN_PERSON
    time_limit_value = Decimal(5)
    time_limit_unit = TimeLimitUnit.WORKING_DAYS
    time_limit_text = "5 Ngày làm việc"
    fee_free = True
    fee_text = "Miễn phí"
    sort_order = factory.Sequence(int)


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier

    code = factory.Sequence(lambda n: f"000.00.00.H01-190101-{n:04d}")
    procedure = factory.SubFactory(ProcedureFactory)
    department = factory.LazyAttribute(lambda o: o.procedure.department)
    field = factory.LazyAttribute(lambda o: o.procedure.field)
    channel = ChannelKind.IN_PERSON
    status = DossierStatus.PENDING
    received_at = factory.LazyFunction(lambda: timezone.make_aware(dt.datetime(2019, 3, 4, 9, 0)))
    received_on = factory.LazyAttribute(lambda o: timezone.localtime(o.received_at).date())
    due_at = factory.LazyAttribute(lambda o: o.received_at + dt.timedelta(days=7))
    due_on = factory.LazyAttribute(lambda o: timezone.localtime(o.due_at).date())
    applicant_name = "Nguyễn Văn An"
