"""What the demo catalogue's procedures say, per field: how a dossier is processed, the paper an
activity ends with and the acts a procedure cites. The texts are data, in ``field_texts.toml``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

TEXTS_FILE: Final = Path(__file__).with_name("field_texts.toml")

# The kind of an act is in its number: "…/NĐ-CP" a decree, "…/TT-BTNMT" a circular. Laws and
# ordinances ("…/QH13", "…/PL-UBTVQH11") are cited by their name instead.
_KINDS: Final = (("/QĐ-TTg", "Quyết định"), ("/NĐ-CP", "Nghị định"), ("/TT-", "Thông tư"))


@dataclass(frozen=True, slots=True)
class LegalAct:
    title: str  # as a procedure page cites it, number included
    code: str
    about: tuple[str, ...] = ()

    def fits(self, name: str) -> bool:
        """Whether a procedure named ``name`` cites this act (an act without ``about`` fits every one)."""
        lowered = name.lower()
        return not self.about or any(word in lowered for word in self.about)


@dataclass(frozen=True, slots=True)
class FieldTexts:
    review: str
    inspection: str
    consultation: str
    acts: tuple[LegalAct, ...]
    results: dict[str, str]

    def acts_fitting(self, name: str) -> tuple[LegalAct, ...]:
        """The field's acts that a procedure named ``name`` cites, main one first."""
        return tuple(act for act in self.acts if act.fits(name))


def legal_act_title(*, code: str, subject: str) -> str:
    """ "Luật Đất đai số 45/2013/QH13"; "Nghị định số 43/2014/NĐ-CP quy định chi tiết …"."""
    kind = next((kind for marker, kind in _KINDS if marker in code), None)
    return f"{kind} số {code} {subject}" if kind else f"{subject} số {code}"


def _field_texts(values: dict[str, Any]) -> FieldTexts:
    acts = tuple(
        LegalAct(
            legal_act_title(code=act["code"], subject=act["subject"]),
            act["code"],
            tuple(act.get("about", ())),
        )
        for act in values["acts"]
    )
    return FieldTexts(
        review=values["review"],
        inspection=values["inspection"],
        consultation=values["consultation"],
        acts=acts,
        results=dict(values.get("results", {})),
    )


def field_texts_read(path: Path = TEXTS_FILE) -> dict[str, FieldTexts]:
    """Every demo field's texts, by field name."""
    with path.open("rb") as file:
        return {field: _field_texts(values) for field, values in tomllib.load(file).items()}


FIELD_TEXTS: Final = field_texts_read()
