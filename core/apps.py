from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares and that imports none of them (see docs/architecture.md)."""

    name = "core"
    verbose_name = "Nền tảng"
