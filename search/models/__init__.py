"""What search stores itself: the words citizens use (``lexicon``) and what they searched (``log``)."""

from search.models.lexicon import SearchStopPhrase, SearchSynonym
from search.models.log import SearchQueryDay

__all__ = ["SearchQueryDay", "SearchStopPhrase", "SearchSynonym"]
