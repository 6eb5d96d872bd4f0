"""RSS 2.0 and Atom feeds per series: each visible report in full, from the cached presentation.

The entries are the reports `RapportPage.visible_reports` lists (never a draft, an expired or a
restricted report), and their content is the presented data (sanitised once, without the
"Endast utskick" sections) drawn by the same section template as the report page. Nothing here
sanitises HTML; `xml_safe` only removes the characters XML 1.0 cannot carry at all (a control
character pasted into a bullet), which Django's feed writer would otherwise refuse with an error.
"""

import re

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import feedgenerator

from rapport_blocks.core import dates
from rapport_blocks.models import RapportIndexPage, RapportPage

from . import delivery

FEED_SIZE = 20
# What XML 1.0 forbids: C0 controls other than tab, newline and carriage return, and FFFE/FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(value):
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(item) for item in value)
    return value


class _XmlSafe:
    """A feed generator that drops characters XML cannot hold from every text it is given."""

    def __init__(self, *args, **kwargs):
        super().__init__(*xml_safe(args), **{key: xml_safe(value) for key, value in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*xml_safe(args), **{key: xml_safe(value) for key, value in kwargs.items()})


class RssFeed(_XmlSafe, feedgenerator.Rss201rev2Feed):
    pass


class AtomFeed(_XmlSafe, feedgenerator.Atom1Feed):
    """Atom with the report in <content> (Django writes a description as <summary>: a teaser)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("content", item["description"], {"type": "html"})


class SeriesFeed(Feed):
    """GET /flode/<series>/rss/: the series' newest visible reports, in full."""

    feed_type = RssFeed

    def get_object(self, request, series_slug: str):
        site = delivery.site_for_request(request)
        series = RapportIndexPage.find_series(site.root_path, series_slug) if site else None
        if series is None:
            raise Http404
        self.request = request
        self.site = site
        self.base = delivery.base_url(request)
        return series

    def title(self, series):
        return series.title

    def link(self, series):
        # Absolute from the site's origin: Django's feed would join a path to the Host variant.
        url = series.get_url(self.request) or "/"
        return self.base + url if url.startswith("/") else url

    def description(self, series):
        return series.search_description or series.title

    def feed_url(self, series):
        return self.base + reverse(self.url_name, args=[series.slug])

    def items(self, series):
        reports = RapportPage.visible_reports(self.site.root_path, series)[:FEED_SIZE]
        presented = []
        for report in reports:
            cached = delivery.report_by_id(self.site, report.pk, base_url=self.base)
            if cached is not None:
                presented.append((report, cached.data))
        return presented

    def item_title(self, item):
        report, data = item
        return f"{data['title']} – {dates.long_date(data['compiled_at'])}"

    def item_link(self, item):
        return item[1]["url"]

    def item_guid(self, item):
        return item[1]["url"]

    def item_description(self, item):
        return render_to_string("frontend_widget/feed_item.html", {"report": item[1]})

    def item_pubdate(self, item):
        return item[0].first_published_at

    def item_updateddate(self, item):
        return item[0].last_published_at

    url_name = "lagesbild-feed-rss"


class SeriesAtomFeed(SeriesFeed):
    """GET /flode/<series>/atom/: the same entries as Atom, each with `updated`."""

    feed_type = AtomFeed
    subtitle = SeriesFeed.description
    url_name = "lagesbild-feed-atom"
