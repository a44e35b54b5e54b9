"""The code tables the dossier import ships with, per export shape (DOMAIN.md §9).

They are written into the editable tables (``StatusMapping``, ``ChannelMapping``) when a
source has no row yet (after ``migrate``): editors then change them in the admin, and a source
whose software maps its statuses differently gets its own rows. Nothing here is read while
importing.
"""

from __future__ import annotations

from typing import Final

from procedures.enums import ChannelKind
from transparency.enums import DossierSource, DossierStatus

#: A status value in an export → the portal's status, or ``None``: "not a dossier yet" (an
#: online submission not received), skipped and counted. The label is what the software shows.
StatusDefault = tuple[str, DossierStatus | None, str]

_P, _R = DossierStatus.PENDING, DossierStatus.RESOLVED
_S, _W, _F = DossierStatus.SUPPLEMENT, DossierStatus.WITHDRAWN, DossierStatus.REFUSED

STATUS_DEFAULTS: Final[dict[str, tuple[StatusDefault, ...]]] = {
    DossierSource.PORTAL: (
        ("Đang giải quyết", _P, "Đang giải quyết"),
        ("pending", _P, "Đang giải quyết"),
        ("Đã giải quyết", _R, "Đã giải quyết"),
        ("resolved", _R, "Đã giải quyết"),
        ("Bổ sung hồ sơ", _S, "Bổ sung hồ sơ"),
        ("supplement", _S, "Bổ sung hồ sơ"),
        ("Rút hồ sơ", _W, "Rút hồ sơ"),
        ("withdrawn", _W, "Rút hồ sơ"),
        ("Từ chối", _F, "Từ chối"),
        ("refused", _F, "Từ chối"),
    ),
    # OpenCPS v2's dossierStatus codes, and the labels its citizen look-up and Excel list show.
    # "unresolved" (returned without a result) and "denied" are decisions returned to the
    # applicant: judged against the due date like the portal's refusals.
    DossierSource.OPENCPS: (
        ("new", None, "Mới"),
        ("collecting", None, "Đang thu thập"),
        ("receiving", _P, "Chờ xử lý"),
        ("processing", _P, "Đang xử lý"),
        ("waiting", _S, "Yêu cầu bổ sung giấy tờ"),
        ("pausing", _S, "Tạm dừng"),
        ("interoperating", _P, "Đang liên thông"),
        ("handover", _P, "Đang chuyển giao"),
        ("paying", _P, "Chờ thanh toán"),
        ("posting", _R, "Đang gửi kết quả qua bưu chính"),
        ("correcting", _P, "Đang điều chỉnh"),
        ("cancelling", _P, "Đang xin rút"),
        ("releasing", _R, "Đã xử lý xong"),
        ("denied", _F, "Từ chối xử lý"),
        ("unresolved", _F, "Trả lại không giải quyết"),
        ("cancelled", _W, "Đã rút"),
        ("done", _R, "Đã trả kết quả"),
        ("Chờ xử lý", _P, "Chờ xử lý"),
        ("Đang xử lý", _P, "Đang xử lý"),
        ("Yêu cầu bổ sung giấy tờ", _S, "Yêu cầu bổ sung giấy tờ"),
        ("Từ chối xử lý", _F, "Từ chối xử lý"),
        ("Đã xử lý xong", _R, "Đã xử lý xong"),
        ("Đã trả kết quả", _R, "Đã trả kết quả"),
        ("Mới", None, "Mới"),
        ("Đang thu thập", None, "Đang thu thập"),
        ("Tạm dừng", _S, "Tạm dừng"),
        ("Đang liên thông", _P, "Đang liên thông"),
        ("Đang chuyển giao", _P, "Đang chuyển giao"),
        ("Chờ thanh toán", _P, "Chờ thanh toán"),
        ("Đang gửi kết quả qua bưu chính", _R, "Đang gửi kết quả qua bưu chính"),
        ("Đang điều chỉnh", _P, "Đang điều chỉnh"),
        ("Đang xin rút", _P, "Đang xin rút"),
        ("Trả lại không giải quyết", _F, "Trả lại không giải quyết"),
        ("Đã rút", _W, "Đã rút"),
    ),
    # TrangThaiHoSo of the national portal's sync records, as OpenCPS maps its statuses to them.
    DossierSource.NATIONAL: (
        ("1", None, "Mới"),
        ("2", _P, "Chờ xử lý"),
        ("3", _F, "Trả lại không giải quyết"),
        ("4", _P, "Đang xử lý"),
        ("5", _S, "Yêu cầu bổ sung giấy tờ"),
        ("6", _P, "Chờ thanh toán"),
        ("7", _W, "Đã rút"),
        ("8", _F, "Từ chối xử lý"),
        ("9", _R, "Đã xử lý xong"),
        ("10", _R, "Đã trả kết quả"),
        ("11", _P, "Khác"),
    ),
}

#: The status values that say the result has reached the applicant: under
#: ``PORTAL_RESOLVED_AT=handed_over`` a record with one of them must carry its hand-over date
#: (other resolved statuses without it, a result only ready, count as pending).
HANDED_OVER_DEFAULTS: Final[dict[str, frozenset[str]]] = {
    DossierSource.OPENCPS: frozenset({"done", "Đã trả kết quả"}),
    DossierSource.NATIONAL: frozenset({"10"}),
}

CHANNEL_DEFAULTS: Final[dict[str, tuple[tuple[str, ChannelKind], ...]]] = {
    DossierSource.PORTAL: (
        ("Trực tiếp", ChannelKind.IN_PERSON),
        ("in person", ChannelKind.IN_PERSON),
        ("Trực tuyến", ChannelKind.ONLINE),
        ("online", ChannelKind.ONLINE),
        ("Bưu chính", ChannelKind.POST),
        ("Bưu chính công ích", ChannelKind.POST),
        ("post", ChannelKind.POST),
    ),
    # OpenCPS has no channel code: ``online`` (true/false) and ``viaPostal`` (2 chosen, 3 sent,
    # 4 received) say it; these rows name what the import reads from them.
    DossierSource.OPENCPS: (
        ("online", ChannelKind.ONLINE),
        ("postal", ChannelKind.POST),
        ("in person", ChannelKind.IN_PERSON),
    ),
    # KenhThucHien / HinhThuc of the national records.
    DossierSource.NATIONAL: (
        ("1", ChannelKind.IN_PERSON),
        ("2", ChannelKind.ONLINE),
        ("3", ChannelKind.POST),
    ),
}
