from transparency.models.apologies import ApologyDepartmentPage, ApologyNoticePage, ApologyRegisterPage
from transparency.models.dossiers import Dossier, DossierImport
from transparency.models.pages import StatisticsPage
from transparency.models.stats import (
    DossierLateDayStat,
    DossierMonthStat,
    ProcedurePerformance,
    StatisticsCorrection,
    StatisticsCoverage,
)

__all__ = [
    "ApologyDepartmentPage",
    "ApologyNoticePage",
    "ApologyRegisterPage",
    "Dossier",
    "DossierImport",
    "DossierLateDayStat",
    "DossierMonthStat",
    "ProcedurePerformance",
    "StatisticsCorrection",
    "StatisticsCoverage",
    "StatisticsPage",
]
