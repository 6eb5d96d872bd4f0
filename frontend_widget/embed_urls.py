"""URLs of the iframe pages, oEmbed, the /widget/ page and the feeds (part of frontend_widget.urls)."""

from django.urls import path

from . import embed, faq_embed, feeds, oembed, widget_page

urlpatterns = [
    path("embed/lagesbild/latest/", embed.latest_frame, name="lagesbild-embed-latest"),
    path("embed/lagesbild/<int:report_id>/", embed.report_frame, name="lagesbild-embed-report"),
    path("embed/faq/<int:faq_id>/", faq_embed.faq_frame, name="lagesbild-embed-faq"),
    path("api/oembed/", oembed.oembed, name="lagesbild-oembed"),
    path("widget/", widget_page.widget_page, name="lagesbild-widget-page"),
    path("flode/<slug:series_slug>/rss/", feeds.SeriesFeed(), name="lagesbild-feed-rss"),
    path("flode/<slug:series_slug>/atom/", feeds.SeriesAtomFeed(), name="lagesbild-feed-atom"),
]
