"""The site pages of the demo: the portal's page tree, with every page labelled as demo data."""

from __future__ import annotations

from wagtail.models import Site

from website.models import HomePage, PortalSettings
from website.services import site_tree_ensure

DEMO_ADDRESS = "62 Hùng Vương, TP. Tam Kỳ, tỉnh Quảng Nam"


def demo_site_ensure() -> HomePage:
    """Create the page tree if missing and switch on the demo notice (once: an editor may turn it off)."""
    home = site_tree_ensure()
    site = Site.objects.get(root_page=home)
    portal_settings = PortalSettings.for_site(site)
    if not portal_settings.demo_notice:
        portal_settings.demo_notice = True
        portal_settings.address = DEMO_ADDRESS
        portal_settings.save()
    return home
