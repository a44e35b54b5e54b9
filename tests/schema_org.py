"""The part of the schema.org vocabulary the portal's pages use, as schema.org defines it (types,
their parents, their properties and the types a property expects), and a validator of JSON-LD
against it: an unknown type, a property its type does not have, or a node of a type the property
does not take is an error. Text properties take strings (and numbers where schema.org says so).
"""

from __future__ import annotations

import json
import re
from typing import Any

SCHEMA = "https://schema.org"

#: type -> (parent, its own properties)
TYPES: dict[str, tuple[str | None, set[str]]] = {
    "Thing": (None, {"name", "description", "url", "identifier", "sameAs", "alternateName", "image"}),
    "Intangible": ("Thing", set()),
    "Service": (
        "Intangible",
        {
            "provider",
            "audience",
            "availableChannel",
            "areaServed",
            "serviceType",
            "offers",
            "category",
            "termsOfService",
            "serviceOutput",
            "isRelatedTo",
        },
    ),
    "GovernmentService": ("Service", {"serviceOperator", "jurisdiction"}),
    "ServiceChannel": (
        "Intangible",
        {
            "availableLanguage",
            "processingTime",
            "providesService",
            "serviceLocation",
            "servicePhone",
            "servicePostalAddress",
            "serviceSmsNumber",
            "serviceUrl",
        },
    ),
    "Audience": ("Intangible", {"audienceType", "geographicArea"}),
    "Offer": (
        "Intangible",
        {
            "price",
            "priceCurrency",
            "priceSpecification",
            "eligibleRegion",
            "areaServed",
            "offeredBy",
            "category",
        },
    ),
    "Place": ("Thing", {"address", "geo", "containedInPlace", "telephone"}),
    "AdministrativeArea": ("Place", set()),
    "Organization": (
        "Thing",
        {"address", "email", "telephone", "parentOrganization", "areaServed", "legalName"},
    ),
    "GovernmentOrganization": ("Organization", set()),
    "CreativeWork": (
        "Thing",
        {
            "license",
            "keywords",
            "inLanguage",
            "creator",
            "publisher",
            "dateModified",
            "datePublished",
            "isAccessibleForFree",
            "temporalCoverage",
            "spatialCoverage",
            "encodingFormat",
            "about",
            "citation",
        },
    ),
    "Dataset": (
        "CreativeWork",
        {"distribution", "variableMeasured", "measurementTechnique", "includedInDataCatalog"},
    ),
    "MediaObject": ("CreativeWork", {"contentUrl", "contentSize", "uploadDate"}),
    "DataDownload": ("MediaObject", set()),
}

#: property -> the types (or "Text", "Number", "Boolean", "URL", "Date", "DateTime", "Duration") it takes
RANGES: dict[str, set[str]] = {
    "name": {"Text"},
    "description": {"Text"},
    "url": {"URL"},
    "identifier": {"Text", "URL"},
    "provider": {"Organization", "Person"},
    "audience": {"Audience"},
    "availableChannel": {"ServiceChannel"},
    "areaServed": {"Place", "AdministrativeArea", "Text"},
    "serviceType": {"Text"},
    "offers": {"Offer"},
    "processingTime": {"Duration"},
    "serviceLocation": {"Place"},
    "serviceUrl": {"URL"},
    "audienceType": {"Text"},
    "price": {"Number", "Text"},
    "priceCurrency": {"Text"},
    "address": {"Text", "PostalAddress"},
    "license": {"URL", "CreativeWork"},
    "keywords": {"Text"},
    "inLanguage": {"Text"},
    "creator": {"Organization", "Person"},
    "publisher": {"Organization", "Person"},
    "dateModified": {"Date", "DateTime"},
    "isAccessibleForFree": {"Boolean"},
    "temporalCoverage": {"Text", "DateTime", "URL"},
    "spatialCoverage": {"Place"},
    "encodingFormat": {"Text", "URL"},
    "distribution": {"DataDownload"},
    "contentUrl": {"URL"},
}

_DURATION = re.compile(r"^P(?:\d+D|T\d+H)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def is_subtype(kind: str, expected: str) -> bool:
    while kind is not None:
        if kind == expected:
            return True
        kind = TYPES[kind][0]  # type: ignore[assignment]
    return False


def properties_of(kind: str) -> set[str]:
    names: set[str] = set()
    current: str | None = kind
    while current is not None:
        parent, own = TYPES[current]
        names |= own
        current = parent
    return names


def _literal_ok(value: Any, ranges: set[str]) -> bool:
    checks = {
        "Text": isinstance(value, str),
        "URL": isinstance(value, str) and value.startswith(("http://", "https://")),
        "Number": isinstance(value, int | float) and not isinstance(value, bool),
        "Boolean": isinstance(value, bool),
        "Duration": isinstance(value, str) and bool(_DURATION.match(value)),
        "Date": isinstance(value, str) and bool(_DATE.match(value)),
        "DateTime": isinstance(value, str) and bool(_DATE_TIME.match(value)),
    }
    return any(checks.get(kind, False) for kind in ranges)


def validate(node: Any, *, path: str = "$") -> list[str]:
    """Every problem of ``node`` (a JSON-LD object) against the vocabulary above; [] when valid."""
    if not isinstance(node, dict):
        return [f"{path}: not an object"]
    kind = node.get("@type")
    if kind not in TYPES:
        return [f"{path}: unknown type {kind!r}"]
    problems: list[str] = []
    allowed = properties_of(kind)
    for key, value in node.items():
        if key.startswith("@"):
            continue
        if key not in allowed:
            problems.append(f"{path}.{key}: not a property of {kind}")
            continue
        ranges = RANGES.get(key, {"Text"})
        for n, item in enumerate(value if isinstance(value, list) else [value]):
            where = f"{path}.{key}[{n}]"
            if isinstance(item, dict):
                item_kind = item.get("@type", "")
                if item_kind not in TYPES or not any(r in TYPES and is_subtype(item_kind, r) for r in ranges):
                    problems.append(f"{where}: {item_kind!r} is not one of {sorted(ranges)}")
                else:
                    problems += validate(item, path=where)
            elif not _literal_ok(item, ranges):
                problems.append(f"{where}: {item!r} is not one of {sorted(ranges)}")
    return problems


def json_ld_blocks(html: str) -> list[dict[str, Any]]:
    """The JSON-LD objects of a page, as a crawler reads them."""
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)
    ]
