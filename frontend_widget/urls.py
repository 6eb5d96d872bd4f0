"""The delivery API's URLs, mounted at /api/ by cms/urls.py (docs/api.md)."""

from django.urls import path

from . import api, faq_api
from .api_docs import ApiDocsView, SchemaView
from .conf import delivery_settings

app_name = "lagesbild_api"

urlpatterns = [
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

    urlpatterns.append(path("bench/constant/", constant_json, name="bench-constant"))
