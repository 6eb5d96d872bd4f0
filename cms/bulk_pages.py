"""Thousands of published pages in seconds: the bulk path of `generate_reports`.

`parent.add_child()` followed by `save_revision().publish()` costs tens of queries and signal
receivers per page (a minute or more for 5,000 reports on a small machine), too slow to build the
scale test's archive in `make test`. `add_published_children` writes the same rows in a few
statements per batch: the pages' tree positions (treebeard's materialised paths, computed here as
`MP_Node.add_child` computes them), the base and specific rows, one published revision each
(`live_revision` and `latest_revision` point to it, as after a publish), the parent's `numchild`,
and the search index entries. The pages are then what the normal code paths serve and edit.

Not written: log entries ("published by" in the history), the reference index (the admin's
usage counts; `manage.py rebuild_references_index` fills it) and no save or publish signal is
sent, so the caller announces the change itself (`generate_reports` does).

For generated development data only: it does not run `full_clean()` (the content must already be
valid, such as blocks copied from valid pages), and it appends after the parent's last child.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from wagtail.models import Page, Revision
from wagtail.search.backends import get_search_backends
from wagtail.search.index import class_is_indexed


def add_published_children(parent: Page, pages: list[Page]) -> list[Page]:
    """Append `pages` (unsaved instances of one page model, with title, slug and their fields set,
    and `first_published_at`) under `parent` as live pages with one published revision each."""
    if not pages:
        return pages
    model = type(pages[0])
    if any(type(page) is not model for page in pages):
        raise ValueError("add_published_children takes pages of one model at a time.")
    if model._meta.get_parent_list() != [Page]:
        raise ValueError(f"{model.__name__} must inherit directly from Page.")
    content_type = ContentType.objects.get_for_model(model)
    page_type = ContentType.objects.get_for_model(Page)
    depth = parent.depth + 1
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=depth)
        .order_by("-path")
        .values_list("path", flat=True)
    ).first()
    position = Page._str2int(last[-Page.steplen :]) if last else 0
    # A ParentalManyToManyField set in memory: serializable_data() then needs no query per page.
    m2m = [field.name for field in model._meta.many_to_many]
    with transaction.atomic():
        for offset, page in enumerate(pages, start=1):
            page.path = Page._get_path(parent.path, depth, position + offset)
            page.depth, page.numchild = depth, 0
            page.url_path = f"{parent.url_path}{page.slug}/"
            page.content_type = content_type
            page.locale_id = parent.locale_id
            page.draft_title = page.title
            page.live, page.has_unpublished_changes = True, False
            page.last_published_at = page.last_published_at or page.first_published_at
            page.latest_revision_created_at = page.first_published_at
            for name in m2m:
                getattr(page, name).set([])
        base_fields = [field.attname for field in Page._meta.concrete_fields if not field.primary_key]
        bases = Page.objects.bulk_create(
            [Page(**{name: getattr(page, name) for name in base_fields}) for page in pages], batch_size=500
        )
        for page, base in zip(pages, bases, strict=True):
            page.id = page.page_ptr_id = base.pk
            page._state.adding = False
        _insert_specific_rows(model, pages)
        revisions = Revision.objects.bulk_create(
            [
                Revision(
                    content_type=content_type,
                    base_content_type=page_type,
                    object_id=str(page.pk),
                    created_at=page.first_published_at,
                    content=page.serializable_data(),
                    object_str=str(page),
                )
                for page in pages
            ],
            batch_size=500,
        )
        for page, base, revision in zip(pages, bases, revisions, strict=True):
            page.live_revision = page.latest_revision = revision
            base.live_revision_id = base.latest_revision_id = revision.pk
        Page.objects.bulk_update(bases, ["live_revision", "latest_revision"], batch_size=500)
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
        parent.numchild += len(pages)
        if class_is_indexed(model):
            for backend in get_search_backends():
                backend.add_bulk(model, pages)
    return pages


def _insert_specific_rows(model, pages: list[Page]) -> None:
    """The subclass's own table (its page_ptr and fields).

    Django's bulk_create refuses multi-table inheritance as a whole; the base rows are already
    written, so only the child table's INSERT is left, which is what bulk_create itself runs
    (`QuerySet._insert`) for a model without parents.
    """
    fields = model._meta.local_concrete_fields
    batch = max(1, connection.ops.bulk_batch_size(fields, pages))
    for start in range(0, len(pages), batch):
        model._base_manager._insert(pages[start : start + batch], fields=fields, using=connection.alias)
