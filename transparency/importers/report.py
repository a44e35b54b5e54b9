"""What a dossier import did (or would do): the counts every import reports, and what only a
dossier export has to say."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from core.tabular.reports import ImportSummary

#: Codes of missing dossiers named in the report (the count says how many there are).
MISSING_SHOWN: Final = 20


@dataclass(slots=True)
class DossierImportSummary(ImportSummary):
    #: Records whose status says they are not dossiers yet (submitted online, not received).
    skipped: int = 0
    #: The export shape recognised (the portal's table, OpenCPS, the national records).
    source_format: str = ""
    #: Open dossiers already stored that this file, which covers their receipt days and
    #: departments, no longer lists: reported, never deleted.
    missing: int = 0
    missing_examples: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The keys of every import, then ``skipped``, ``format``, ``missing`` and
        ``missing_examples``."""
        return {
            **ImportSummary.as_dict(self),
            "skipped": self.skipped,
            "format": self.source_format,
            "missing": self.missing,
            "missing_examples": self.missing_examples,
        }
