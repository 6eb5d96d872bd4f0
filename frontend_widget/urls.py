"""Every address of the delivery, for one include() at the site's root (README, "Install"):

    path("", include("frontend_widget.urls")),

/api/lagesbild/... and /api/faq/... (the JSON API, namespace "lagesbild_api"), /api/schema/,
/api/docs/, /api/oembed/, /embed/... (the iframe pages), /widget/ and /flode/... (the feeds);
docs/api.md, docs/widget.md. Put it before Wagtail's own include, which would otherwise answer
these paths with its 404.
"""

from django.urls import include, path, re_path

from . import api, embed_urls, faq_api
from .api_docs import ApiDocsView, SchemaView
from .conf import delivery_settings
from .mailing import subscribe_views
from .pdf import views as pdf_views

api_urlpatterns = [
    path("lagesbild/", api.ReportListView.as_view(), name="report-list"),
    path("lagesbild/latest/", api.LatestReportView.as_view(), name="report-latest"),
    # Any segment, so that a non-number gets the API's JSON 404 rather than the site's page.
    path("lagesbild/<str:report_id>/", api.ReportView.as_view(), name="report-detail"),
    path("faq/", faq_api.FaqListView.as_view(), name="faq-list"),
    path("faq/<str:faq_id>/", faq_api.FaqView.as_view(), name="faq-detail"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(url_name="lagesbild_api:schema"), name="docs"),
]

if delivery_settings.BENCH:
    from .bench_views import constant_json

    api_urlpatterns.append(path("bench/constant/", constant_json, name="bench-constant"))

urlpatterns = [
    path("api/", include((api_urlpatterns, "lagesbild_api"))),
    # The iframe pages, oEmbed (/api/oembed/), the /widget/ page and the feeds.
    *embed_urls.urlpatterns,
    # A report's PDF, <report address>pdf/: public reports from storage at once, the rest through
    # Wagtail's own page serving (frontend_widget/pdf/views.py).
    re_path(r"^(?P<path>(?:[-\w]+/)+)pdf/$", pdf_views.at_path, name="lagesbild-pdf"),
    # Self-service subscriptions (docs/subscriptions.md): a series' form at <series address>prenumerera/,
    # and the links its e-mails carry.
    path("prenumerera/bekrafta/<str:token>/", subscribe_views.confirm, name="lagesbild-subscribe-confirm"),
    path("prenumerera/avsluta/<str:token>/", subscribe_views.unsubscribe, name="lagesbild-unsubscribe"),
    re_path(r"^(?P<path>(?:[-\w]+/)+)prenumerera/$", subscribe_views.subscribe, name="lagesbild-subscribe"),
]
