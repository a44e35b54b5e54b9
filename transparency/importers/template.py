"""The CSV template of the dossier import: the headers and two example rows, public at
``/thong-ke/mau-nhap-ho-so.csv/`` and in the admin."""

from __future__ import annotations

import codecs
import csv
import io

from procedures.models import Procedure
from transparency.importers.columns import COLUMNS


def dossier_import_template_csv() -> bytes:
    """A CSV template (UTF-8 with BOM) with the headers and two example rows.

    The applicants are placeholders no real person is called ("Nguyễn Văn A", "Trần Thị B"):
    the template is public, and a real-sounding name would match real applicants."""
    example = Procedure.objects.select_related("department").filter(department__isnull=False).order_by("code")
    first = example.first()
    code = first.code if first else "1.004222"
    department = first.department.name if first and first.department else "Sở Tư pháp"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([label for label, _names in COLUMNS.values()])
    writer.writerow(
        [
            "000.00.00.H01-190304-0001",
            code,
            department,
            "Trực tiếp",
            "04/03/2019 09:15",
            "",
            "08/03/2019 16:00",
            "Đã giải quyết",
            "",
            "Nguyễn Văn A",
            "K7QF",
        ]
    )
    writer.writerow(
        [
            "000.00.00.H01-190305-0002",
            code,
            department,
            "Trực tuyến",
            "05/03/2019 14:30",
            "12/03/2019",
            "",
            "Đang giải quyết",
            "",
            "Trần Thị B",
            "",
        ]
    )
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")
