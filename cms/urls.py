from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from frontend_widget.health import healthz

urlpatterns = [
    # For load balancers: database and cache reachable? Never cached, never throttled.
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The delivery, as a site that installs the plugin mounts it (README, "Install in your Wagtail
    # site"): the read-only API under /api/ (docs/api.md), oEmbed, the iframe pages, /widget/ and the
    # feeds. Wagtail's API v3 (it can write) is not mounted.
    path("", include("frontend_widget.urls")),
]

if settings.LAGESBILD_BENCH:  # bench/: Wagtail's API v2 page detail, to compare with
    from frontend_widget.bench_views import wagtail_api

    urlpatterns.append(path("bench/wagtail-api/", wagtail_api().urls))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "cms.views.page_not_found"
