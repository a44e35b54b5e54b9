"""Admin of the transparency app: each module of ``transparency.admin`` registers its own hooks."""

from transparency.admin import apologies, dossier_import  # noqa: F401  (imported for their hooks)
