"""The licence of the portal's open data (``PORTAL_DATA_LICENSE``): one for every download,
the API's ``meta.license``, ``/data.json`` and the pages' structured data.

The setting is an SPDX identifier of a licence listed below (``CC-BY-4.0`` by default), or the
``https://`` address of another licence, named by ``PORTAL_DATA_LICENSE_NAME``. The list holds the
open-data licences a publisher is likely to choose; its names and addresses are the licences' own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from django.conf import settings


@dataclass(frozen=True, slots=True)
class Licence:
    """``identifier`` is the SPDX one (empty for a licence known only by its address)."""

    identifier: str
    name: str
    url: str


KNOWN_LICENCES: Final[dict[str, Licence]] = {
    licence.identifier.casefold(): licence
    for licence in (
        Licence("CC-BY-4.0", "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
        Licence("CC-BY-SA-4.0", "CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
        Licence("CC0-1.0", "CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
        Licence("ODC-By-1.0", "ODC-By 1.0", "https://opendatacommons.org/licenses/by/1-0/"),
        Licence("ODbL-1.0", "ODbL 1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
        Licence("PDDL-1.0", "PDDL 1.0", "https://opendatacommons.org/licenses/pddl/1-0/"),
    )
}
DEFAULT_LICENCE: Final = "CC-BY-4.0"


def licence_problem(value: str) -> str | None:
    """Why ``value`` cannot be the data licence (for the settings' start-up check), or None."""
    if value.casefold() in KNOWN_LICENCES or value.startswith("https://"):
        return None
    known = ", ".join(licence.identifier for licence in KNOWN_LICENCES.values())
    return f"PORTAL_DATA_LICENSE={value!r}: use one of {known}, or the https:// address of the licence"


def data_licence() -> Licence:
    """The licence the portal publishes its data under."""
    value = str(getattr(settings, "PORTAL_DATA_LICENSE", "") or DEFAULT_LICENCE).strip()
    known = KNOWN_LICENCES.get(value.casefold())
    if known is not None:
        return known
    name = str(getattr(settings, "PORTAL_DATA_LICENSE_NAME", "") or "").strip()
    return Licence(identifier="", name=name or value, url=value)
