"""URLs of the iframe page, oEmbed and the /widget/ page (included by cms/urls.py)."""

from django.urls import path

from . import embed, faq_embed, widget_page

urlpatterns = [
    path("embed/lagesbild/latest/", embed.latest_frame, name="lagesbild-embed-latest"),
    path("embed/lagesbild/<int:report_id>/", embed.report_frame, name="lagesbild-embed-report"),
    path("embed/faq/<int:faq_id>/", faq_embed.faq_frame, name="lagesbild-embed-faq"),
    path("api/oembed/", embed.oembed, name="lagesbild-oembed"),
    path("widget/", widget_page.widget_page, name="lagesbild-widget-page"),
]
