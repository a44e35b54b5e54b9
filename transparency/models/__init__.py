from transparency.models.apologies import ApologyDepartmentPage, ApologyNoticePage, ApologyRegisterPage
from transparency.models.dossiers import Dossier, DossierImport
from transparency.models.pages import StatisticsPage
from transparency.models.stats import DossierMonthStat, StatisticsCoverage

__all__ = [
    "ApologyDepartmentPage",
    "ApologyNoticePage",
    "ApologyRegisterPage",
    "Dossier",
    "DossierImport",
    "DossierMonthStat",
    "StatisticsCoverage",
    "StatisticsPage",
]
