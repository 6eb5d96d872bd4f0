"""Wagtail admin's page actions, each in one database transaction.

Page.publish is atomic for reports and FAQ pages (models.PublishedAtomically), but Wagtail's
edit view runs the publish action itself: it saves the live row in a transaction of its own,
then sends `page_published` and writes the audit log outside it. A database that fails between
those steps would leave a report live whose cache generation, e-mail dispatch and log never
happened. This middleware runs each POST to the admin's page views (edit, publish, approve,
revert, unpublish, move, delete) in one transaction, as Django's ATOMIC_REQUESTS would, but
without a transaction around every public request. Listed after CsrfViewMiddleware, so the CSRF
check still runs first. The editor's text is not lost with the rollback: Wagtail 8 autosaves it
as a revision in requests of their own while they type.
"""

from django.db import transaction

ATOMIC_NAMESPACES = {"wagtailadmin_pages"}


class AtomicPageActions:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.method in ("GET", "HEAD", "OPTIONS") or match is None:
            return None
        if not ATOMIC_NAMESPACES & set(match.namespaces):
            return None
        with transaction.atomic():
            return view_func(request, *view_args, **view_kwargs)
