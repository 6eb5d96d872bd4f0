"""{% oembed_discovery %} and {% feed_discovery %}: discovery links of a report or series page."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html

from rapport_blocks.models import RapportIndexPage, RapportPage

register = template.Library()


@register.simple_tag(takes_context=True)
def oembed_discovery(context) -> str:
    """Lets other systems (an intranet CMS given the page's address) find the iframe snippet."""
    page = context.get("page")
    request = context.get("request")
    if request is None or not isinstance(page, RapportPage | RapportIndexPage) or not page.live:
        return ""
    page_url = request.build_absolute_uri(page.get_url(request))
    query = urlencode({"url": page_url, "format": "json"})
    return format_html(
        '<link rel="alternate" type="application/json+oembed" href="{}" title="{}">',
        request.build_absolute_uri(reverse("lagesbild-oembed")) + "?" + query,
        page.title,
    )


@register.simple_tag(takes_context=True)
def feed_discovery(context) -> str:
    """RSS and Atom discovery links of the series a report or series page belongs to."""
    page = context.get("page")
    request = context.get("request")
    if request is None or not isinstance(page, RapportPage | RapportIndexPage) or not page.live:
        return ""
    series = page if isinstance(page, RapportIndexPage) else page.get_parent()
    return format_html(
        '<link rel="alternate" type="application/rss+xml" href="{}" title="{} (RSS)">\n'
        '    <link rel="alternate" type="application/atom+xml" href="{}" title="{} (Atom)">',
        request.build_absolute_uri(reverse("lagesbild-feed-rss", args=[series.slug])),
        series.title,
        request.build_absolute_uri(reverse("lagesbild-feed-atom", args=[series.slug])),
        series.title,
    )
