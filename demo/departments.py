"""Demo departments of Quảng Nam's Public Administration Centre in 2019 (DOMAIN.md §1).

Names and adoption facts come from the meeting of 19/11/2019; adoption dates are
illustrative (the seed gives only "by 15/11/2019" and "by 11/2019").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from procedures.models import Department

CENTRE_ADDRESS = "Trung tâm Hành chính công và Xúc tiến đầu tư tỉnh Quảng Nam, 62 Hùng Vương, TP. Tam Kỳ"


@dataclass(frozen=True, slots=True)
class DemoDepartment:
    slug: str
    name: str
    name_en: str
    short_name: str
    four_step_since: date | None = None
    second_seal_since: date | None = None
    parent: str | None = None


DEMO_DEPARTMENTS: tuple[DemoDepartment, ...] = (
    DemoDepartment("so-tu-phap", "Sở Tư pháp", "Department of Justice", "STP", None, date(2019, 6, 3)),
    DemoDepartment("so-xay-dung", "Sở Xây dựng", "Department of Construction", "SXD", None, date(2019, 5, 6)),
    DemoDepartment("so-y-te", "Sở Y tế", "Department of Health", "SYT"),
    DemoDepartment(
        "so-tai-nguyen-va-moi-truong",
        "Sở Tài nguyên và Môi trường",
        "Department of Natural Resources and Environment",
        "STNMT",
        None,
        date(2019, 4, 1),
    ),
    DemoDepartment(
        "van-phong-dang-ky-dat-dai",
        "Văn phòng Đăng ký đất đai",
        "Land Registration Office",
        "VPĐKĐĐ",
        None,
        date(2019, 4, 1),
        parent="so-tai-nguyen-va-moi-truong",
    ),
    DemoDepartment(
        "ban-quan-ly-khu-kinh-te-mo-chu-lai",
        "Ban Quản lý Khu kinh tế mở Chu Lai",
        "Chu Lai Open Economic Zone Authority",
        "BQL KKTM Chu Lai",
        None,
        date(2019, 8, 1),
    ),
    DemoDepartment(
        "so-ke-hoach-va-dau-tu",
        "Sở Kế hoạch và Đầu tư",
        "Department of Planning and Investment",
        "SKHĐT",
        date(2019, 3, 1),
    ),
    DemoDepartment(
        "so-giao-thong-van-tai",
        "Sở Giao thông Vận tải",
        "Department of Transport",
        "SGTVT",
        date(2019, 4, 1),
        date(2019, 3, 4),
    ),
    DemoDepartment(
        "so-cong-thuong",
        "Sở Công Thương",
        "Department of Industry and Trade",
        "SCT",
        date(2019, 1, 2),
        date(2019, 1, 2),
    ),
    DemoDepartment(
        "so-van-hoa-the-thao-va-du-lich",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Department of Culture, Sports and Tourism",
        "SVHTTDL",
        date(2019, 9, 3),
        date(2019, 7, 1),
    ),
    DemoDepartment(
        "so-thong-tin-va-truyen-thong",
        "Sở Thông tin và Truyền thông",
        "Department of Information and Communications",
        "STTTT",
        None,
        date(2019, 6, 3),
    ),
    DemoDepartment(
        "so-nong-nghiep-va-phat-trien-nong-thon",
        "Sở Nông nghiệp và Phát triển nông thôn",
        "Department of Agriculture and Rural Development",
        "SNNPTNT",
        None,
        date(2019, 5, 2),
    ),
    DemoDepartment(
        "chi-cuc-thuy-san",
        "Chi cục Thủy sản",
        "Fisheries Sub-department",
        "CCTS",
        None,
        date(2019, 5, 2),
        parent="so-nong-nghiep-va-phat-trien-nong-thon",
    ),
    DemoDepartment(
        "chi-cuc-kiem-lam",
        "Chi cục Kiểm lâm",
        "Forest Protection Sub-department",
        "CCKL",
        None,
        date(2019, 5, 2),
        parent="so-nong-nghiep-va-phat-trien-nong-thon",
    ),
    DemoDepartment(
        "chi-cuc-chan-nuoi-va-thu-y",
        "Chi cục Chăn nuôi và Thú y",
        "Livestock and Veterinary Sub-department",
        "CCCNTY",
        None,
        date(2019, 5, 2),
        parent="so-nong-nghiep-va-phat-trien-nong-thon",
    ),
    DemoDepartment(
        "so-lao-dong-thuong-binh-va-xa-hoi",
        "Sở Lao động – Thương binh và Xã hội",
        "Department of Labour, Invalids and Social Affairs",
        "SLĐTBXH",
        None,
        date(2019, 7, 1),
    ),
    DemoDepartment(
        "so-ngoai-vu", "Sở Ngoại vụ", "Department of Foreign Affairs", "SNgV", None, date(2019, 10, 1)
    ),
    DemoDepartment("so-noi-vu", "Sở Nội vụ", "Department of Home Affairs", "SNV"),
    DemoDepartment("so-tai-chinh", "Sở Tài chính", "Department of Finance", "STC"),
    DemoDepartment(
        "so-giao-duc-va-dao-tao", "Sở Giáo dục và Đào tạo", "Department of Education and Training", "SGDĐT"
    ),
    DemoDepartment(
        "so-khoa-hoc-va-cong-nghe",
        "Sở Khoa học và Công nghệ",
        "Department of Science and Technology",
        "SKHCN",
    ),
)


def demo_agency_code(order: int) -> str:
    """The national-style agency identifier of the demo department at ``order`` (from 1): an
    invented ``000.00.NN.H49`` (H49 is Quảng Nam's prefix)."""
    return f"000.00.{order:02d}.H49"


@transaction.atomic
def demo_departments_load() -> int:
    """Create or update the demo departments; returns how many rows changed (0 on a second run)."""
    changed = 0
    by_slug: dict[str, Department] = {d.slug: d for d in Department.objects.all()}
    for order, demo in enumerate(DEMO_DEPARTMENTS, start=1):
        values = {
            "name": demo.name,
            "name_en": demo.name_en,
            "short_name": demo.short_name,
            "four_step_since": demo.four_step_since,
            "second_seal_since": demo.second_seal_since,
            "parent": by_slug[demo.parent] if demo.parent else None,
            "address": CENTRE_ADDRESS,
            "sort_order": order,
            # The identifier the demo's dossier numbers begin with (demo/dossiers.py).
            "agency_code": demo_agency_code(order),
        }
        department = by_slug.get(demo.slug)
        if department is None:
            department = Department.objects.create(slug=demo.slug, **values)
            by_slug[demo.slug] = department
            changed += 1
            continue
        dirty = [name for name, value in values.items() if getattr(department, name) != value]
        if dirty:
            for name in dirty:
                setattr(department, name, values[name])
            department.save(update_fields=dirty)
            changed += 1
    return changed


#: The seed (19/11/2019): these four had not apologised for their late dossiers, so their late
#: dossiers are never rescheduled and get no notice. The Land Registration Office, a sub-unit of
#: Natural Resources & Environment, did apologise.
SILENT_DEPARTMENTS = frozenset(
    {
        "so-xay-dung",
        "so-tai-nguyen-va-moi-truong",
        "ban-quan-ly-khu-kinh-te-mo-chu-lai",
        "so-ke-hoach-va-dau-tu",
    }
)
