"""Search keeps its own indexes current when another app announces a change (``core.signals``),
fills its default synonyms after ``migrate``, and forgets its cached lexicon when it changes."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save

from core.signals import catalogue_changed, dossiers_changed
from search.lexicon import lexicon_cache_clear
from search.tasks import dossier_index_refresh


def lexicon_defaults(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """After ``migrate`` (and a test database's flush): empty synonym or stop tables get the defaults."""
    from search.services import lexicon_defaults_ensure

    lexicon_defaults_ensure(using=using)


def synonyms_changed(sender: Any, **kwargs: Any) -> None:
    """Forget the cached lexicon now, and give Elasticsearch the new synonym set once committed."""
    lexicon_cache_clear()
    from search.backends.elasticsearch import synonyms_push_all

    transaction.on_commit(synonyms_push_all)


def register_signal_handlers() -> None:
    dossiers_changed.connect(
        lambda sender, **kwargs: dossier_index_refresh(),
        dispatch_uid="search_dossier_index_refresh",
        weak=False,
    )
    post_migrate.connect(
        lexicon_defaults, sender=apps.get_app_config("portal_search"), dispatch_uid="search_lexicon_defaults"
    )
    catalogue_changed.connect(lexicon_cache_clear, dispatch_uid="search_vocabulary_catalogue")
    for model_name in ("SearchSynonym", "SearchStopPhrase"):
        model = apps.get_model("portal_search", model_name)
        post_save.connect(synonyms_changed, sender=model, dispatch_uid=f"search_{model_name}_saved")
        post_delete.connect(synonyms_changed, sender=model, dispatch_uid=f"search_{model_name}_deleted")
    for label in ("procedures.Procedure", "procedures.Department", "procedures.Field"):
        model = apps.get_model(label)
        post_save.connect(lexicon_cache_clear, sender=model, dispatch_uid=f"search_vocabulary_{label}_saved")
        post_delete.connect(
            lexicon_cache_clear, sender=model, dispatch_uid=f"search_vocabulary_{label}_deleted"
        )
