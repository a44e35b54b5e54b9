from transparency.models.apologies import ApologyDepartmentPage, ApologyNoticePage, ApologyRegisterPage
from transparency.models.dossiers import Dossier, DossierImport
from transparency.models.lookups import LookupDay
from transparency.models.mappings import ChannelMapping, ProcedureCodeMapping, StatusMapping
from transparency.models.page_totals import DepartmentDayStat, DepartmentMonthStat
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
    "ChannelMapping",
    "DepartmentDayStat",
    "DepartmentMonthStat",
    "Dossier",
    "DossierImport",
    "DossierLateDayStat",
    "DossierMonthStat",
    "LookupDay",
    "ProcedureCodeMapping",
    "ProcedurePerformance",
    "StatisticsCorrection",
    "StatisticsCoverage",
    "StatisticsPage",
    "StatusMapping",
]
