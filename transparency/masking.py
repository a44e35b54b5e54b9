"""The publishable form of a notice's addressee: applicant names are personal data (DOMAIN.md §5).

Pure functions, without models, so the model, the services, the demo loader and the data
migration that masks stored notices all apply the same rule.
"""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext as _


class AddresseeNotMaskable(ValueError):
    """A person's name that masking cannot make safe (a single word); the message says what to do."""


def mask_name(name: str) -> str:
    """Publishable form of a person's name: the family name, then initials ("Nguyễn Văn An" → "Nguyễn V. A.").

    Vietnamese names put the family name first; everything after it is reduced to an
    initial, so the full name can never be read back from the published form. Masking a
    masked name changes nothing ("Nguyễn V. A." stays as it is).
    """
    words = unicodedata.normalize("NFC", name or "").split()
    if not words:
        return ""
    if len(words) == 1:
        return f"{words[0][0].upper()}."
    family, rest = words[0], words[1:]
    return " ".join([family, *(f"{word[0].upper()}." for word in rest)])


def addressee_public(text: str, *, organisation: bool) -> str:
    """What may be published as the addressee for what an editor typed.

    An organisation's name is public and kept as typed (spaces tidied); a person's name is
    masked. A single word cannot be masked into anything that is both safe and still an
    addressee, so it raises ``AddresseeNotMaskable`` unless marked as an organisation.
    """
    tidy = " ".join(unicodedata.normalize("NFC", text or "").split())
    if not tidy or organisation:
        return tidy
    if len(tidy.split()) < 2:
        raise AddresseeNotMaskable(
            _(
                "«%(text)s» chỉ có một từ nên không che tên được. Ghi họ và tên người nộp (được lưu "
                "đã che, ví dụ «Nguyễn V. A.»), hoặc đánh dấu «Người nhận là tổ chức» nếu đây là tên "
                "cơ quan, tổ chức, doanh nghiệp."
            )
            % {"text": tidy}
        )
    return mask_name(tidy)
