from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from transparency.lookup_views import lookup
from website import routing, views
from website.api import api
from website.sitemaps import CatalogueSitemap, PageSitemap

handler404 = "website.views.page_not_found"
handler500 = "website.views.server_error"

sitemaps = {"pages": PageSitemap, "catalogue": CatalogueSitemap}

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("data.json", views.data_catalogue, name="data_catalogue"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", api.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static as media_static

    urlpatterns += media_static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("tim-kiem/", include("search.urls")),
    path("tra-cuu/", lookup, name="lookup"),
    # Wagtail's own addresses (password-protected pages, front-end login), then its pages,
    # routed in a fixed number of queries (website.routing).
    *(pattern for pattern in wagtail_urls.urlpatterns if getattr(pattern, "name", "") != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
    # Wagtail's serve pattern has no dot; procedure codes (1.004222) need one.
    re_path(r"^((?:[\w\-.]+/)*)$", routing.serve, name="wagtail_serve_dotted"),
    prefix_default_language=False,
)
