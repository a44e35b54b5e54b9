"""Admin of the transparency app: each module of ``transparency.admin`` registers its own hooks;
the code tables of the dossier import are snippets (``transparency.viewsets``)."""

from wagtail.snippets.models import register_snippet

from transparency.admin import apologies, dossier_import, lookups  # noqa: F401  (imported for their hooks)
from transparency.viewsets import ImportMappingViewSetGroup

register_snippet(ImportMappingViewSetGroup)
