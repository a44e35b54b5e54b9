from wagtail.snippets.models import register_snippet

from procedures.viewsets import CatalogueViewSetGroup

register_snippet(CatalogueViewSetGroup)
