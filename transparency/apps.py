from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "transparency"
    verbose_name = "Minh bạch"

    def ready(self) -> None:
        from transparency.procedure_slots import procedure_slots_register
        from transparency.signal_handlers import register_signal_handlers

        register_signal_handlers()
        procedure_slots_register()
