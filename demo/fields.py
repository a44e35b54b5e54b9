"""English names of the demo catalogue's fields, so that the English pages name them in English.

The fields come from the national catalogue in Vietnamese only; these are the names the
English pages show (``Field.display_name``). A name an editor has already given is kept.
"""

from __future__ import annotations

from procedures.models import Field

DEMO_FIELD_NAMES_EN: dict[str, str] = {
    "An toàn bức xạ và hạt nhân": "Radiation and nuclear safety",
    "An toàn thực phẩm": "Food safety",
    "An toàn, vệ sinh lao động": "Occupational safety and health",
    "Báo chí": "Press",
    "Bảo trợ xã hội": "Social protection",
    "Bảo vệ thực vật": "Plant protection",
    "Chăn nuôi": "Livestock",
    "Công chứng": "Notarisation",
    "Công tác lãnh sự": "Consular affairs",
    "Du lịch": "Tourism",
    "Dược phẩm": "Pharmaceuticals",
    "Gia đình": "Family",
    "Giáo dục nghề nghiệp": "Vocational education",
    "Giáo dục và Đào tạo": "Education and training",
    "Hoạt động khoa học và công nghệ": "Science and technology",
    "Hóa chất": "Chemicals",
    "Hộ tịch": "Civil status",
    "Khoáng sản": "Minerals",
    "Khám bệnh, chữa bệnh": "Medical examination and treatment",
    "Luật sư": "Lawyers",
    "Lâm nghiệp": "Forestry",
    "Lý lịch tư pháp": "Criminal records",
    "Lưu thông hàng hóa trong nước": "Domestic trade in goods",
    "Môi trường": "Environment",
    "Môi trường khu kinh tế": "Environment in economic zones",
    "Người có công": "People with meritorious services",
    "Nhà ở": "Housing",
    "Phát triển nông thôn": "Rural development",
    "Quy hoạch - Kiến trúc": "Planning and architecture",
    "Quản lý công sản": "Public property management",
    "Quản lý giá": "Price management",
    "Thi đua - khen thưởng": "Emulation and commendation",
    "Thành lập và hoạt động của doanh nghiệp": "Business registration and operation",
    "Thành lập và hoạt động của hợp tác xã": "Cooperative registration and operation",
    "Thú y": "Veterinary services",
    "Thương mại quốc tế": "International trade",
    "Thể dục thể thao": "Sport",
    "Thủy lợi": "Irrigation",
    "Thủy sản": "Fisheries",
    "Trang thiết bị y tế": "Medical equipment",
    "Trồng trọt": "Crop production",
    "Tài nguyên nước": "Water resources",
    "Tôn giáo": "Religion",
    "Tổ chức phi chính phủ": "Non-governmental organisations",
    "Viễn thông và Internet": "Telecommunications and the Internet",
    "Việc làm": "Employment",
    "Văn hóa": "Culture",
    "Vật liệu xây dựng": "Construction materials",
    "Xuất bản, In và Phát hành": "Publishing, printing and distribution",
    "Xây dựng": "Construction",
    "Xây dựng trong khu kinh tế": "Construction in economic zones",
    "Xúc tiến thương mại": "Trade promotion",
    "Y tế dự phòng": "Preventive medicine",
    "Điện": "Electricity",
    "Đo đạc và bản đồ": "Surveying and mapping",
    "Đăng kiểm": "Vehicle inspection",
    "Đăng ký đất đai": "Land registration",
    "Đường bộ": "Road transport",
    "Đường thủy nội địa": "Inland waterways",
    "Đất đai": "Land",
    "Đấu giá tài sản": "Property auctions",
    "Đấu thầu": "Public procurement",
    "Đầu tư tại Việt Nam": "Investment in Vietnam",
    "Đầu tư tại khu kinh tế": "Investment in economic zones",
}


def demo_field_names_en_apply() -> int:
    """Give the demo fields their English names where none is set; returns how many changed."""
    changed = 0
    for field in Field.objects.filter(name__in=DEMO_FIELD_NAMES_EN, name_en=""):
        field.name_en = DEMO_FIELD_NAMES_EN[field.name]
        field.save(update_fields=["name_en"])
        changed += 1
    return changed
