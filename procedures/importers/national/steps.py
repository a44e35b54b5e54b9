"""The steps of a procedure ("Trình tự thực hiện")."""

from __future__ import annotations

import re

from procedures.importers.national.channels import UNIT_WORDS
from procedures.importers.national.records import StepRecord
from procedures.importers.national.text import BULLET, clean_text

_STEP_MARKER = re.compile(r"^Bước\s*(?P<number>\d+)\s*[:.)\-\u2013]?\s*", re.IGNORECASE)
_ENUMERATION = re.compile(r"^(?:\d{1,2}[.)](?!\d)|[a-zđ][.)])\s*(?=\S)")
_TIME_SHARE = re.compile(
    rf"^(?:Trong\s+)?(?:thời hạn|vòng)\s+(?:không quá\s+|tối đa\s+)?"
    rf"(?P<share>\d+(?:[.,]\d+)?\s*(?:{UNIT_WORDS}))",
    re.IGNORECASE,
)


def _starts_lowercase(line: str) -> bool:
    """Does the line start with a lower-case letter (a wrapped sentence going on)?"""
    return bool(line) and line[0].isalpha() and line[0].islower()


def parse_steps(text: str) -> tuple[StepRecord, ...]:
    """Split "Trình tự thực hiện" into ordered steps, losing no text.

    * With "Bước N:" markers each marker starts a step; everything up to the next marker,
      including "- ..." sub-points, belongs to it (the sub-points are cases of that step).
    * Otherwise, if some lines are "- " bullets (or "1." / "a)" enumerations), those lines
      start steps and the other lines ("+ ...", "(i) ...", "* Lưu ý", plain sentences) continue
      the current step.
    * Otherwise every line is a step.

    In every mode a line that starts in lower case continues the previous line (the source was
    wrapped mid-sentence), and text before the first marker becomes a step of its own. Bullets
    and "Bước N:" markers are stripped; "1." / "a)" labels are kept, as they name cases rather
    than steps. ``time_share`` is read from a leading "Trong thời hạn 05 ngày làm việc ...".
    """
    cleaned = clean_text(text)
    lines = cleaned.split("\n") if cleaned else []
    strip: re.Pattern[str] | None
    if any(_STEP_MARKER.match(line) for line in lines):
        strip = _STEP_MARKER

        def begins(line: str) -> bool:
            return bool(_STEP_MARKER.match(line))

    elif any(BULLET.match(line) or _ENUMERATION.match(line) for line in lines):
        strip = BULLET

        def begins(line: str) -> bool:
            return bool(BULLET.match(line) or _ENUMERATION.match(line))

    else:
        strip = None

        def begins(line: str) -> bool:
            return not _starts_lowercase(line)

    chunks: list[list[str]] = []
    for line in lines:
        starts_step = begins(line)
        if starts_step or not chunks:
            body = strip.sub("", line, count=1) if strip is not None and starts_step else line
            chunks.append([body] if body else [])
        elif _starts_lowercase(line) and chunks[-1] and chunks[-1][-1][-1:] not in ".;:!?":
            chunks[-1][-1] = f"{chunks[-1][-1]} {line}"
        else:
            chunks[-1].append(line)

    steps: list[StepRecord] = []
    for chunk in chunks:
        step_text = clean_text("\n".join(chunk))
        if not step_text:
            continue
        share = _TIME_SHARE.match(step_text)
        steps.append(
            StepRecord(
                order=len(steps) + 1,
                text=step_text,
                time_share=clean_text(share.group("share")) if share else "",
            )
        )
    return tuple(steps)
