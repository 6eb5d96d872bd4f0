"""URLs of the iframe page, oEmbed and the /widget/ page (part of frontend_widget.urls)."""

from django.urls import path

from . import embed, faq_embed, oembed, widget_page

urlpatterns = [
    path("embed/lagesbild/latest/", embed.latest_frame, name="lagesbild-embed-latest"),
    path("embed/lagesbild/<int:report_id>/", embed.report_frame, name="lagesbild-embed-report"),
    path("embed/faq/<int:faq_id>/", faq_embed.faq_frame, name="lagesbild-embed-faq"),
    path("api/oembed/", oembed.oembed, name="lagesbild-oembed"),
    path("widget/", widget_page.widget_page, name="lagesbild-widget-page"),
]
