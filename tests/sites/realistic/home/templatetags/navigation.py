from django import template
from wagtail.models import Page

register = template.Library()


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The page's ancestors below the root, the page itself last (none on the home page)."""
    page = context.get("page")
    if page is None or page.depth <= 2:
        return {"ancestors": ()}
    return {"ancestors": Page.objects.ancestor_of(page, inclusive=True).filter(depth__gt=1)}
