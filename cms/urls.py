from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import page_passwords, sign_in
from frontend_widget.health import healthz

urlpatterns = [
    # For load balancers: database and cache reachable? Never cached, never throttled.
    path("healthz", healthz, name="healthz"),
    # Wagtail's login and logout with the identity provider, and the local login throttled
    # (cms/sign_in.py); the provider's two addresses answer 404 where none is configured.
    path("admin/login/", sign_in.LoginView.as_view(), name="wagtailadmin_login"),
    path("admin/logout/", sign_in.LogoutView.as_view(), name="wagtailadmin_logout"),
    path("oidc/authenticate/", sign_in.SignInStart.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", sign_in.SignInCallback.as_view(), name="oidc_authentication_callback"),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's page-password form, throttled like the login (cms/page_passwords.py).
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        page_passwords.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    # Wagtail's document-password form, the same (before Wagtail's own under documents/).
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        page_passwords.authenticate_document_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
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
