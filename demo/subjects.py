"""What the demo catalogue's procedures are about: per department, how many and in which fields.

Each field lists the papers a licence-type procedure issues (named "Cấp …", "Cấp lại …" …)
and the activities registered or approved (each a whole procedure name, "thẩm định …").
"""

from __future__ import annotations

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
