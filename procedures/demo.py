"""Demo departments of Quảng Nam's Public Administration Centre in 2019 (DOMAIN.md §1).

Names and adoption facts come from the meeting of 19/11/2019; adoption dates are
illustrative (the seed gives only "by 15/11/2019" and "by 11/2019").
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from procedures.enums import ChannelKind, DecisionAction, Level, OnlineLevel, ProcedureStatus, TimeLimitUnit
from procedures.importers.rows import (
    ChannelValues,
    DecisionLinkValues,
    DocumentValues,
    LegalValues,
    ProcedureRow,
    StepValues,
)
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


# --- the demo catalogue ----------------------------------------------------------------------
# Decision 2735/QĐ-UBND of 28/8/2019 with exactly 662 generated procedures, and a later decision
# that amends a few and repeals one. Everything goes through the import pipeline, so a second
# run compares, finds nothing changed and writes nothing.

DEMO_SEED = 2735
DEMO_PROCEDURE_COUNT = 662
DEMO_DECISION = ("2735/QĐ-UBND", date(2019, 8, 28))
DEMO_AMENDING_DECISION = ("1027/QĐ-UBND", date(2020, 4, 14))
DEMO_ISSUER = "UBND tỉnh Quảng Nam"
DEMO_AMENDED = 5

# Department → procedures on Decision 2735 (sums to 662: most for the big departments).
DEMO_SHARES: dict[str, int] = {
    "so-tu-phap": 78,
    "so-xay-dung": 62,
    "so-y-te": 70,
    "so-tai-nguyen-va-moi-truong": 58,
    "van-phong-dang-ky-dat-dai": 14,
    "ban-quan-ly-khu-kinh-te-mo-chu-lai": 22,
    "so-ke-hoach-va-dau-tu": 66,
    "so-giao-thong-van-tai": 60,
    "so-cong-thuong": 58,
    "so-van-hoa-the-thao-va-du-lich": 40,
    "so-thong-tin-va-truyen-thong": 20,
    "so-nong-nghiep-va-phat-trien-nong-thon": 28,
    "chi-cuc-thuy-san": 8,
    "chi-cuc-kiem-lam": 6,
    "chi-cuc-chan-nuoi-va-thu-y": 8,
    "so-lao-dong-thuong-binh-va-xa-hoi": 34,
    "so-ngoai-vu": 6,
    "so-noi-vu": 10,
    "so-tai-chinh": 4,
    "so-giao-duc-va-dao-tao": 6,
    "so-khoa-hoc-va-cong-nghe": 4,
}

# Department → fields → (things a licence-type procedure issues, activities registered or approved).
DEMO_FIELDS: dict[str, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "so-tu-phap": {
        "Hộ tịch": (
            ("trích lục hộ tịch", "giấy xác nhận tình trạng hôn nhân"),
            (
                "đăng ký khai sinh có yếu tố nước ngoài",
                "đăng ký kết hôn có yếu tố nước ngoài",
                "đăng ký khai tử có yếu tố nước ngoài",
                "đăng ký nhận cha, mẹ, con có yếu tố nước ngoài",
                "đăng ký giám hộ có yếu tố nước ngoài",
                "đăng ký thay đổi, cải chính hộ tịch",
            ),
        ),
        "Lý lịch tư pháp": (("phiếu lý lịch tư pháp", "phiếu lý lịch tư pháp số 2"), ()),
        "Công chứng": (
            ("thẻ công chứng viên", "giấy đăng ký hoạt động văn phòng công chứng"),
            (
                "thành lập văn phòng công chứng",
                "chuyển nhượng văn phòng công chứng",
                "hợp nhất văn phòng công chứng",
            ),
        ),
        "Luật sư": (
            (
                "giấy đăng ký hoạt động của tổ chức hành nghề luật sư",
                "giấy phép thành lập chi nhánh công ty luật nước ngoài",
            ),
            (
                "đăng ký hành nghề luật sư với tư cách cá nhân",
                "đăng ký thay đổi người đại diện theo pháp luật của công ty luật",
            ),
        ),
        "Đấu giá tài sản": (
            ("chứng chỉ hành nghề đấu giá", "thẻ đấu giá viên"),
            ("đăng ký hoạt động doanh nghiệp đấu giá tài sản",),
        ),
    },
    "so-xay-dung": {
        "Xây dựng": (
            (
                "giấy phép xây dựng công trình",
                "giấy phép xây dựng nhà ở riêng lẻ",
                "chứng chỉ hành nghề hoạt động xây dựng",
                "chứng chỉ năng lực hoạt động xây dựng",
                "giấy phép xây dựng có thời hạn",
                "giấy phép di dời công trình",
            ),
            (
                "thẩm định báo cáo nghiên cứu khả thi đầu tư xây dựng",
                "thẩm định thiết kế xây dựng triển khai sau thiết kế cơ sở",
            ),
        ),
        "Quy hoạch - Kiến trúc": (
            ("giấy phép quy hoạch", "chứng chỉ hành nghề kiến trúc"),
            (
                "thẩm định nhiệm vụ quy hoạch chi tiết",
                "thẩm định đồ án quy hoạch chi tiết",
                "cung cấp thông tin quy hoạch",
            ),
        ),
        "Nhà ở": (
            ("giấy chứng nhận đủ điều kiện kinh doanh bất động sản",),
            (
                "xét duyệt hồ sơ mua nhà ở xã hội",
                "giải quyết cho thuê nhà ở công vụ",
                "chuyển nhượng hợp đồng mua bán nhà ở hình thành trong tương lai",
            ),
        ),
        "Vật liệu xây dựng": ((), ("công bố hợp quy sản phẩm vật liệu xây dựng",)),
    },
    "so-y-te": {
        "Khám bệnh, chữa bệnh": (
            (
                "giấy phép hoạt động phòng khám đa khoa",
                "giấy phép hoạt động phòng khám chuyên khoa",
                "chứng chỉ hành nghề khám bệnh, chữa bệnh",
                "giấy phép hoạt động cơ sở dịch vụ y tế",
            ),
            ("xếp cấp chuyên môn kỹ thuật cơ sở khám bệnh, chữa bệnh",),
        ),
        "Dược phẩm": (
            (
                "chứng chỉ hành nghề dược",
                "giấy chứng nhận đủ điều kiện kinh doanh dược",
                "giấy xác nhận nội dung quảng cáo thuốc",
            ),
            ("công bố cơ sở bán lẻ thuốc đạt thực hành tốt",),
        ),
        "An toàn thực phẩm": (
            (
                "giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
                "giấy xác nhận nội dung quảng cáo thực phẩm",
            ),
            ("đăng ký bản công bố sản phẩm thực phẩm",),
        ),
        "Trang thiết bị y tế": (
            ("giấy chứng nhận đủ điều kiện mua bán trang thiết bị y tế",),
            ("công bố tiêu chuẩn áp dụng trang thiết bị y tế",),
        ),
        "Y tế dự phòng": (
            ("giấy chứng nhận cơ sở đủ điều kiện tiêm chủng",),
            ("công bố cơ sở xét nghiệm đạt tiêu chuẩn an toàn sinh học",),
        ),
    },
    "so-tai-nguyen-va-moi-truong": {
        "Đất đai": (
            ("giấy chứng nhận quyền sử dụng đất cho tổ chức",),
            (
                "giao đất, cho thuê đất",
                "chuyển mục đích sử dụng đất",
                "gia hạn sử dụng đất",
                "thu hồi đất do chấm dứt dự án",
            ),
        ),
        "Môi trường": (
            ("giấy phép môi trường", "giấy xác nhận hoàn thành công trình bảo vệ môi trường"),
            ("thẩm định báo cáo đánh giá tác động môi trường", "đăng ký kế hoạch bảo vệ môi trường"),
        ),
        "Tài nguyên nước": (
            (
                "giấy phép khai thác nước dưới đất",
                "giấy phép khai thác nước mặt",
                "giấy phép xả nước thải vào nguồn nước",
                "giấy phép hành nghề khoan nước dưới đất",
            ),
            (),
        ),
        "Khoáng sản": (
            ("giấy phép thăm dò khoáng sản", "giấy phép khai thác khoáng sản"),
            ("đóng cửa mỏ khoáng sản",),
        ),
        "Đo đạc và bản đồ": (
            ("giấy phép hoạt động đo đạc và bản đồ",),
            ("cung cấp thông tin dữ liệu đo đạc",),
        ),
    },
    "van-phong-dang-ky-dat-dai": {
        "Đăng ký đất đai": (
            ("giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở",),
            (
                "đăng ký biến động quyền sử dụng đất",
                "đăng ký thế chấp quyền sử dụng đất",
                "xóa đăng ký thế chấp",
                "đính chính giấy chứng nhận đã cấp",
                "tách thửa hoặc hợp thửa đất",
            ),
        ),
    },
    "ban-quan-ly-khu-kinh-te-mo-chu-lai": {
        "Đầu tư tại khu kinh tế": (
            (
                "giấy chứng nhận đăng ký đầu tư",
                "giấy phép lao động cho người nước ngoài làm việc tại khu kinh tế",
            ),
            ("quyết định chủ trương đầu tư", "điều chỉnh dự án đầu tư", "chấm dứt hoạt động dự án đầu tư"),
        ),
        "Xây dựng trong khu kinh tế": (
            ("giấy phép xây dựng công trình trong khu kinh tế",),
            ("thẩm định thiết kế cơ sở",),
        ),
        "Môi trường khu kinh tế": ((), ("thẩm định kế hoạch bảo vệ môi trường trong khu kinh tế",)),
    },
    "so-ke-hoach-va-dau-tu": {
        "Thành lập và hoạt động của doanh nghiệp": (
            ("giấy chứng nhận đăng ký doanh nghiệp",),
            (
                "đăng ký thành lập doanh nghiệp tư nhân",
                "đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên",
                "đăng ký thành lập công ty cổ phần",
                "đăng ký thay đổi nội dung đăng ký doanh nghiệp",
                "thông báo tạm ngừng kinh doanh",
                "đăng ký giải thể doanh nghiệp",
                "đăng ký hoạt động chi nhánh, văn phòng đại diện",
                "đăng ký chuyển đổi loại hình doanh nghiệp",
            ),
        ),
        "Đầu tư tại Việt Nam": (
            ("giấy chứng nhận đăng ký đầu tư",),
            (
                "quyết định chủ trương đầu tư của UBND tỉnh",
                "điều chỉnh dự án đầu tư",
                "đăng ký góp vốn, mua cổ phần của nhà đầu tư nước ngoài",
            ),
        ),
        "Thành lập và hoạt động của hợp tác xã": (
            ("giấy chứng nhận đăng ký liên hiệp hợp tác xã",),
            (
                "đăng ký thành lập liên hiệp hợp tác xã",
                "đăng ký thay đổi nội dung đăng ký liên hiệp hợp tác xã",
            ),
        ),
        "Đấu thầu": ((), ("thẩm định kế hoạch lựa chọn nhà thầu",)),
    },
    "so-giao-thong-van-tai": {
        "Đường bộ": (
            (
                "giấy phép lái xe",
                "giấy phép kinh doanh vận tải bằng xe ô tô",
                "phù hiệu xe ô tô kinh doanh vận tải",
                "giấy phép lưu hành xe quá tải trọng",
                "giấy phép thi công công trình trên đường bộ đang khai thác",
                "giấy phép đào tạo lái xe ô tô",
            ),
            (
                "chấp thuận xây dựng công trình thiết yếu trong phạm vi bảo vệ đường bộ",
                "công bố đưa bến xe khách vào khai thác",
            ),
        ),
        "Đường thủy nội địa": (
            (
                "giấy chứng nhận đăng ký phương tiện thủy nội địa",
                "chứng chỉ chuyên môn phương tiện thủy nội địa",
            ),
            ("công bố hoạt động bến thủy nội địa",),
        ),
        "Đăng kiểm": (("giấy chứng nhận thẩm định thiết kế xe cơ giới cải tạo",), ()),
    },
    "so-cong-thuong": {
        "Lưu thông hàng hóa trong nước": (
            (
                "giấy phép bán lẻ rượu",
                "giấy phép bán buôn sản phẩm thuốc lá",
                "giấy chứng nhận đủ điều kiện cửa hàng bán lẻ xăng dầu",
                "giấy phép kinh doanh bán lẻ sản phẩm rượu",
            ),
            ("thông báo thực hiện khuyến mại", "đăng ký thực hiện khuyến mại"),
        ),
        "Điện": (("giấy phép hoạt động điện lực", "thẻ kiểm tra viên điện lực"), ()),
        "Hóa chất": (
            ("giấy chứng nhận đủ điều kiện sản xuất hóa chất", "giấy phép sử dụng vật liệu nổ công nghiệp"),
            ("thẩm định kế hoạch phòng ngừa sự cố hóa chất",),
        ),
        "An toàn thực phẩm": (
            ("giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm thuộc ngành công thương",),
            (),
        ),
        "Xúc tiến thương mại": ((), ("đăng ký tổ chức hội chợ, triển lãm thương mại",)),
        "Thương mại quốc tế": (("giấy phép thành lập văn phòng đại diện của thương nhân nước ngoài",), ()),
    },
    "so-van-hoa-the-thao-va-du-lich": {
        "Văn hóa": (
            (
                "giấy phép tổ chức biểu diễn nghệ thuật",
                "giấy phép kinh doanh karaoke",
                "giấy phép triển lãm mỹ thuật",
            ),
            ("phê duyệt nội dung tác phẩm mỹ thuật",),
        ),
        "Du lịch": (
            (
                "giấy phép kinh doanh dịch vụ lữ hành nội địa",
                "thẻ hướng dẫn viên du lịch",
                "giấy phép kinh doanh dịch vụ lữ hành quốc tế",
            ),
            ("công nhận hạng cơ sở lưu trú du lịch",),
        ),
        "Thể dục thể thao": (
            ("giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao",),
            ("đăng ký tổ chức giải thi đấu thể thao cấp tỉnh",),
        ),
        "Gia đình": (("giấy chứng nhận đăng ký hoạt động cơ sở hỗ trợ nạn nhân bạo lực gia đình",), ()),
    },
    "so-thong-tin-va-truyen-thong": {
        "Báo chí": (
            ("giấy phép xuất bản bản tin", "giấy phép xuất bản tài liệu không kinh doanh"),
            ("trưng bày tranh, ảnh có nội dung thông tin",),
        ),
        "Xuất bản, In và Phát hành": (
            ("giấy xác nhận đăng ký hoạt động cơ sở in", "giấy phép hoạt động in"),
            (),
        ),
        "Viễn thông và Internet": (
            ("giấy chứng nhận đăng ký cung cấp dịch vụ trò chơi điện tử công cộng",),
            (),
        ),
    },
    "so-nong-nghiep-va-phat-trien-nong-thon": {
        "Trồng trọt": (("giấy chứng nhận đủ điều kiện buôn bán phân bón",), ("công nhận cây đầu dòng",)),
        "Bảo vệ thực vật": (("giấy chứng nhận đủ điều kiện buôn bán thuốc bảo vệ thực vật",), ()),
        "Thủy lợi": (
            ("giấy phép hoạt động trong phạm vi bảo vệ công trình thủy lợi",),
            ("phê duyệt phương án cắm mốc chỉ giới công trình thủy lợi",),
        ),
        "Phát triển nông thôn": ((), ("công nhận làng nghề truyền thống",)),
    },
    "chi-cuc-thuy-san": {
        "Thủy sản": (
            ("giấy phép khai thác thủy sản", "giấy chứng nhận đăng ký tàu cá"),
            ("xác nhận nguồn gốc nguyên liệu thủy sản",),
        ),
    },
    "chi-cuc-kiem-lam": {
        "Lâm nghiệp": (
            ("giấy chứng nhận trại nuôi động vật rừng",),
            ("phê duyệt phương án khai thác thực vật rừng",),
        ),
    },
    "chi-cuc-chan-nuoi-va-thu-y": {
        "Thú y": (
            ("chứng chỉ hành nghề thú y", "giấy chứng nhận kiểm dịch động vật vận chuyển ra khỏi tỉnh"),
            (),
        ),
        "Chăn nuôi": (("giấy chứng nhận đủ điều kiện chăn nuôi trang trại quy mô lớn",), ()),
    },
    "so-lao-dong-thuong-binh-va-xa-hoi": {
        "Việc làm": (
            ("giấy phép lao động cho người nước ngoài", "giấy phép hoạt động dịch vụ việc làm"),
            ("xác nhận người lao động nước ngoài không thuộc diện cấp giấy phép lao động",),
        ),
        "Người có công": (
            (),
            (
                "giải quyết chế độ trợ cấp đối với thân nhân liệt sĩ",
                "công nhận thương binh",
                "di chuyển hồ sơ người có công",
            ),
        ),
        "Giáo dục nghề nghiệp": (
            ("giấy chứng nhận đăng ký hoạt động giáo dục nghề nghiệp",),
            ("thành lập trường trung cấp tư thục",),
        ),
        "Bảo trợ xã hội": (
            ("giấy phép hoạt động cơ sở trợ giúp xã hội",),
            ("thành lập cơ sở trợ giúp xã hội công lập",),
        ),
        "An toàn, vệ sinh lao động": (
            ("giấy chứng nhận đủ điều kiện hoạt động huấn luyện an toàn lao động",),
            (),
        ),
    },
    "so-ngoai-vu": {
        "Công tác lãnh sự": (
            (),
            (
                "cho phép tổ chức hội nghị, hội thảo quốc tế",
                "cho phép xuất cảnh đi công tác nước ngoài của cán bộ",
                "phê duyệt tiếp nhận viện trợ phi chính phủ nước ngoài",
            ),
        ),
    },
    "so-noi-vu": {
        "Tôn giáo": (
            (),
            (
                "chấp thuận tổ chức cuộc lễ ngoài cơ sở tôn giáo",
                "đăng ký người được bổ nhiệm chức sắc",
                "thành lập tổ chức tôn giáo cơ sở",
            ),
        ),
        "Tổ chức phi chính phủ": ((), ("thành lập hội cấp tỉnh", "phê duyệt điều lệ hội", "đổi tên hội")),
        "Thi đua - khen thưởng": ((), ("tặng Bằng khen của Chủ tịch UBND tỉnh",)),
    },
    "so-tai-chinh": {
        "Quản lý giá": ((), ("đăng ký giá hàng hóa, dịch vụ", "kê khai giá")),
        "Quản lý công sản": ((), ("thẩm định phương án mua sắm tài sản công",)),
    },
    "so-giao-duc-va-dao-tao": {
        "Giáo dục và Đào tạo": (
            ("văn bằng, chứng chỉ", "bản sao văn bằng tốt nghiệp từ sổ gốc"),
            ("thành lập trường trung học phổ thông tư thục", "công nhận văn bằng do cơ sở nước ngoài cấp"),
        ),
    },
    "so-khoa-hoc-va-cong-nghe": {
        "Hoạt động khoa học và công nghệ": (("giấy chứng nhận đăng ký hoạt động khoa học và công nghệ",), ()),
        "An toàn bức xạ và hạt nhân": (
            ("giấy phép tiến hành công việc bức xạ",),
            ("đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ",),
        ),
    },
}

_LICENCE_VERBS = ("Cấp", "Cấp lại", "Cấp đổi", "Gia hạn", "Điều chỉnh", "Cấp bổ sung nội dung")
# Activities are written as whole procedure names ("thẩm định …", "đăng ký …"); variants by case.
_ACTIVITY_SUFFIXES = (
    "",
    " đối với tổ chức",
    " đối với cá nhân",
    " thuộc thẩm quyền của UBND tỉnh",
    " (trường hợp điều chỉnh, bổ sung)",
)
_APPLICANTS = (
    "Tổ chức, cá nhân",
    "Công dân Việt Nam",
    "Doanh nghiệp, hợp tác xã",
    "Tổ chức, cá nhân trong nước và nước ngoài",
)
_TIME_LIMITS_DAYS = (1, 2, 3, 3, 5, 5, 5, 7, 7, 10, 10, 12, 15, 15, 15, 20, 20, 25, 30)
_FEES = (20_000, 50_000, 100_000, 100_000, 150_000, 200_000, 300_000, 500_000, 1_000_000, 2_000_000)
_DOCUMENTS = (
    ("Đơn đề nghị theo mẫu", "Mẫu số 01"),
    ("Tờ khai theo mẫu", "Mẫu số 02"),
    ("Bản sao giấy tờ tùy thân của người đề nghị", ""),
    ("Bản sao giấy chứng nhận đăng ký doanh nghiệp hoặc quyết định thành lập", ""),
    ("Bản thuyết minh điều kiện, năng lực", "Mẫu số 03"),
    ("Giấy ủy quyền (trường hợp nộp thay)", ""),
    ("Bản vẽ, sơ đồ mặt bằng", ""),
    ("Văn bản thẩm định của cơ quan có thẩm quyền", ""),
    ("Giấy phép, chứng chỉ đã được cấp (trường hợp cấp lại, cấp đổi)", ""),
    ("Biên lai nộp phí, lệ phí", ""),
)
_LAWS = (
    ("Luật Tổ chức chính quyền địa phương", "77/2015/QH13"),
    (
        "Nghị định về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
        "61/2018/NĐ-CP",
    ),
    ("Thông tư hướng dẫn thi hành một số quy định của Nghị định số 61/2018/NĐ-CP", "01/2018/TT-VPCP"),
    ("Luật Phí và lệ phí", "97/2015/QH13"),
    ("Nghị định về kiểm soát thủ tục hành chính", "63/2010/NĐ-CP"),
    ("Luật Đầu tư", "67/2014/QH13"),
    ("Luật Doanh nghiệp", "68/2014/QH13"),
    ("Luật Xây dựng", "50/2014/QH13"),
    ("Luật Đất đai", "45/2013/QH13"),
    ("Luật Hộ tịch", "60/2014/QH13"),
    ("Luật Dược", "105/2016/QH13"),
    ("Luật Bảo vệ môi trường", "55/2014/QH13"),
)


@dataclass(frozen=True, slots=True)
class _Amendment:
    note: str
    new_limit: int


def _demo_names(rng: random.Random, slug: str, count: int, used: set[str]) -> list[tuple[str, str]]:
    """``count`` (field, name) pairs for a department, spread over its fields, none in ``used``."""
    pools: dict[str, list[str]] = {}
    for field_name, (licences, activities) in DEMO_FIELDS[slug].items():
        names = [f"{verb} {thing}" for thing in licences for verb in _LICENCE_VERBS]
        names += [f"{activity}{suffix}" for activity in activities for suffix in _ACTIVITY_SUFFIXES]
        names = [name[0].upper() + name[1:] for name in dict.fromkeys(names)]
        names = [name for name in names if name not in used]
        rng.shuffle(names)
        pools[field_name] = names
    chosen: list[tuple[str, str]] = []
    while len(chosen) < count:
        progressed = False
        for field_name, names in pools.items():
            while names and len(chosen) < count:
                name = names.pop()
                if name not in used:
                    used.add(name)
                    chosen.append((field_name, name))
                    progressed = True
                    break
        if not progressed:
            raise ValueError(f"Not enough demo names for {slug}")
    return chosen


def _demo_channels(rng: random.Random) -> tuple[ChannelValues, ...]:
    roll = rng.random()
    if roll < 0.08:
        value, unit, text = None, TimeLimitUnit.SAME_DAY, "Trong ngày"
    elif roll < 0.14:
        hours = rng.choice((4, 8, 16, 24))
        value, unit, text = Decimal(hours), TimeLimitUnit.HOURS, f"{hours} giờ làm việc"
    elif roll < 0.19:
        days = rng.choice((15, 30, 45))
        value, unit, text = Decimal(days), TimeLimitUnit.CALENDAR_DAYS, f"{days} ngày"
    else:
        days = rng.choice(_TIME_LIMITS_DAYS)
        value, unit, text = Decimal(days), TimeLimitUnit.WORKING_DAYS, f"{days} ngày làm việc"
    fee = None if rng.random() < 0.45 else rng.choice(_FEES)
    fee_text = "Miễn phí" if fee is None else f"{fee:,} đồng/hồ sơ".replace(",", ".")
    kinds = [ChannelKind.IN_PERSON]
    if rng.random() < 0.65:
        kinds.append(ChannelKind.ONLINE)
    if rng.random() < 0.35:
        kinds.append(ChannelKind.POST)
    descriptions = {
        ChannelKind.IN_PERSON: "Nộp trực tiếp tại Trung tâm Hành chính công và Xúc tiến đầu tư tỉnh",
        ChannelKind.ONLINE: "Nộp trực tuyến qua Cổng dịch vụ công của tỉnh",
        ChannelKind.POST: "Nộp qua dịch vụ bưu chính công ích",
    }
    return tuple(
        ChannelValues(kind, value, unit, text, fee, fee is None, fee_text, descriptions[kind])
        for kind in kinds
    )


def _demo_steps(rng: random.Random, department: str) -> tuple[StepValues, ...]:
    steps = [
        StepValues(
            "Tổ chức, cá nhân chuẩn bị hồ sơ đầy đủ và nộp tại Trung tâm Hành chính công "
            "và Xúc tiến đầu tư tỉnh, qua dịch vụ bưu chính hoặc trực tuyến",
            "Tổ chức, cá nhân",
        ),
        StepValues(
            "Công chức tiếp nhận kiểm tra tính đầy đủ, hợp lệ của hồ sơ; hướng dẫn bổ sung "
            "nếu hồ sơ chưa đầy đủ; lập giấy tiếp nhận hồ sơ và hẹn ngày trả kết quả",
            "Trung tâm Hành chính công và Xúc tiến đầu tư tỉnh",
            "0,5 ngày",
        ),
        StepValues(
            f"Chuyên viên {department} thẩm định hồ sơ, đề xuất kết quả giải quyết", department, "60%"
        ),
    ]
    extras = [
        StepValues("Kiểm tra thực tế tại cơ sở (nếu cần)", department, "20%"),
        StepValues(f"Lãnh đạo {department} xem xét, ký duyệt kết quả", department, "20%"),
        StepValues("Lấy ý kiến các cơ quan liên quan", "Cơ quan phối hợp", "15%"),
    ]
    steps += rng.sample(extras, rng.randint(0, 2))
    steps.append(
        StepValues(
            "Trả kết quả cho tổ chức, cá nhân tại Trung tâm hoặc qua dịch vụ bưu chính",
            "Trung tâm Hành chính công",
        )
    )
    return tuple(steps)


def _demo_rows(department_names: dict[str, str]) -> list[ProcedureRow]:
    rng = random.Random(DEMO_SEED)  # noqa: S311 - reproducible demo data, not security
    four_step = {d.slug for d in DEMO_DEPARTMENTS if d.four_step_since}
    number, _issued = DEMO_DECISION
    rows: list[ProcedureRow] = []
    serial = 5000
    used: set[str] = set()
    for slug, count in DEMO_SHARES.items():
        department = department_names[slug]
        for field_name, name in _demo_names(rng, slug, count, used):
            serial += rng.randint(1, 3)
            code = f"2.00{serial:04d}"
            result = name.split(" ", 1)[1] if name.startswith(_LICENCE_VERBS) else "Văn bản chấp thuận"
            result = result[0].upper() + result[1:]
            documents = rng.sample(_DOCUMENTS, rng.randint(2, 6))
            laws = rng.sample(_LAWS, rng.randint(1, 3))
            rows.append(
                ProcedureRow(
                    row=len(rows) + 1,
                    code=code,
                    values={
                        "name": name,
                        "level": Level.PROVINCE,
                        "level_text": "Cấp tỉnh",
                        "procedure_type": "TTHC được luật giao quy định chi tiết",
                        "applicants": rng.choice(_APPLICANTS),
                        "deciding_agency": rng.choice((department, department, "UBND tỉnh Quảng Nam")),
                        "executing_agency": department,
                        "delegated_agency": "",
                        "cooperating_agency": "",
                        "address": CENTRE_ADDRESS,
                        "result": result,
                        "conditions": "",
                        "online_level": rng.choice(
                            (
                                OnlineLevel.FULL,
                                OnlineLevel.PARTIAL,
                                OnlineLevel.PARTIAL,
                                OnlineLevel.NONE,
                                OnlineLevel.NONE,
                            )
                        ),
                        "four_step": slug in four_step,
                        "status": ProcedureStatus.IN_FORCE,
                        "is_demo": True,
                    },
                    field_name=field_name,
                    department_slug=slug,
                    status_decision="",
                    children={
                        "steps": _demo_steps(rng, department),
                        "channels": _demo_channels(rng),
                        "documents": tuple(
                            DocumentValues(doc, template, "", rng.choice((1, 1, 0)), rng.choice((0, 1, 1, 2)))
                            for doc, template in documents
                        ),
                        "legal_documents": tuple(
                            LegalValues(f"{title} số {code_}", code_) for title, code_ in laws
                        ),
                    },
                    decisions=(DecisionLinkValues(number, DecisionAction.ADD, ""),),
                    label="demo",
                )
            )
    if len(rows) != DEMO_PROCEDURE_COUNT:
        raise ValueError(f"DEMO_SHARES must add up to {DEMO_PROCEDURE_COUNT}, not {len(rows)}")
    _demo_amend(rows, rng)
    return rows


def _demo_amend(rows: list[ProcedureRow], rng: random.Random) -> None:
    """The later decision shortens a few time limits (15 → 10 days …) and repeals one procedure."""
    number, _ = DEMO_AMENDING_DECISION
    candidates = [
        row
        for row in rows
        if all(
            c.time_limit_unit == TimeLimitUnit.WORKING_DAYS and c.time_limit_value >= 10
            for c in row.children["channels"]
        )
    ]
    picked = rng.sample(candidates, DEMO_AMENDED + 1)
    for row in picked[:DEMO_AMENDED]:
        old = int(row.children["channels"][0].time_limit_value)
        new = old - 5
        row.children["channels"] = tuple(
            c._replace(time_limit_value=Decimal(new), time_limit_text=f"{new} ngày làm việc")
            for c in row.children["channels"]
        )
        row.values["status"] = ProcedureStatus.AMENDED
        row.status_decision = number
        row.decisions += (
            DecisionLinkValues(
                number,
                DecisionAction.AMEND,
                f"Thời hạn giải quyết rút ngắn từ {old} xuống {new} ngày làm việc.",
            ),
        )
    repealed = picked[-1]
    repealed.values["status"] = ProcedureStatus.REPEALED
    repealed.status_decision = number
    repealed.decisions += (
        DecisionLinkValues(
            number, DecisionAction.REPEAL, "Bãi bỏ do quy định tại văn bản quy phạm pháp luật mới."
        ),
    )


def demo_catalogue_load() -> int:
    """Decision 2735/QĐ-UBND with its 662 generated procedures, and decision 1027/QĐ-UBND that
    amends five and repeals one. Deterministic; returns how many procedures were written
    (0 on a second run, which writes nothing)."""
    from procedures.importers.pipeline import procedure_rows_import
    from procedures.importers.sources import SourceRows
    from procedures.services import decision_get_or_create

    if Department.objects.filter(slug__in=DEMO_SHARES).count() < len(DEMO_SHARES):
        demo_departments_load()
    with transaction.atomic():
        for (number, issued), title in (
            (
                DEMO_DECISION,
                "Về việc công bố danh mục thủ tục hành chính thực hiện tiếp nhận hồ sơ, trả kết quả tại "
                "Trung tâm Hành chính công và Xúc tiến đầu tư tỉnh Quảng Nam",
            ),
            (
                DEMO_AMENDING_DECISION,
                "Về việc công bố danh mục thủ tục hành chính được sửa đổi, bổ sung và bãi bỏ "
                "thuộc thẩm quyền giải quyết của các sở, ban, ngành tỉnh Quảng Nam",
            ),
        ):
            decision_get_or_create(number=number, date=issued, issuer=DEMO_ISSUER, title=title)
        names = dict(Department.objects.filter(slug__in=DEMO_SHARES).values_list("slug", "name"))
        source = SourceRows(format="demo", rows=_demo_rows(names))
        report = procedure_rows_import(source=source)
    if not report.ok:
        raise RuntimeError(f"Demo catalogue is invalid: {report.errors[:3]}")
    return report.count("new") + report.count("changed")
