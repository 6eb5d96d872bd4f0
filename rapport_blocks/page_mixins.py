"""What every page type of the plugin shares: the serving rule, atomic publication, the site's base template.

Layer 2, beside `models`: the report pages (`models`) and the FAQ page (`faq.models`) both mix
these in, so they live in a module that both import.
"""

from django.db import transaction

from .conf import rapport_settings


class ServedByVisibilityRule:
    """A page type that is served only while the public may see it (`visibility.is_served`).

    Wagtail alone serves a live page under an unpublished parent, and an expired page until
    `publish_scheduled` runs; `wagtail_hooks` answers 404 for those instead.
    """


class PublishedAtomically:
    """A page type whose publication is all or nothing.

    Wagtail saves the live row in a transaction of its own, then sends `page_published` and
    writes the audit log outside it: a database that fails in a receiver or at the log would
    leave a report live whose cache generation, outbox event and log never happened. One
    transaction around the whole publication rolls all of it back, and the previous revision
    stays live everywhere (tests/site/test_fault_publish_database.py). An unpublication likewise:
    the page is hidden exactly when its `rapport.unpublished` event is written.
    """

    def publish(self, revision, *args, **kwargs):
        with transaction.atomic():
            return super().publish(revision, *args, **kwargs)

    def unpublish(self, *args, **kwargs):
        with transaction.atomic():
            return super().unpublish(*args, **kwargs)


class ExtendsSiteBase:
    """A page whose template extends the site's base template, named by RAPPORT_BLOCKS_BASE_TEMPLATE.

    The plugin's templates draw only the report; the site's header, navigation and styles stay the
    host's own (README, "Install in your Wagtail site").
    """

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["base_template"] = rapport_settings.BASE_TEMPLATE
        return context
