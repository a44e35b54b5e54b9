from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = "Website"

    def ready(self) -> None:
        from website import checks  # noqa: F401  (registers the system checks)
        from website.signal_handlers import register_signal_handlers

        register_signal_handlers()
        post_migrate.connect(_site_address_align, sender=self, dispatch_uid="website_site_address_align")


def _site_address_align(sender: AppConfig, **kwargs: Any) -> None:
    from website.services import site_address_align

    site_address_align()
