from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "portal_search"
    verbose_name = "Tìm kiếm"

    def ready(self) -> None:
        from procedures.registry import catalogue_text
        from search.selectors import procedure_ids_matching
        from search.signal_handlers import register_signal_handlers
        from search.types import types_register

        types_register()
        register_signal_handlers()
        catalogue_text.fill(procedure_ids_matching)
