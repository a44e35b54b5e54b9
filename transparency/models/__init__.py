from transparency.models.dossiers import Dossier
from transparency.models.pages import StatisticsPage

__all__ = ["Dossier", "StatisticsPage"]
