from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = "Website"

    def ready(self) -> None:
        from website import checks  # noqa: F401  (registers the system checks)
        from website.signal_handlers import register_signal_handlers

        register_signal_handlers()
