"""Small factories for pages and snippets: each returns a saved object with sensible defaults."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from django.apps import apps
from wagtail.models import Page, Site

from rapport_blocks.models import (
    LinkCollection,
    OutboxDelivery,
    OutboxEvent,
    Person,
    RapportIndexPage,
    RapportPage,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
_counter = itertools.count(1)


def stockholm(year, month, day, hour=8, minute=30) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


def home_page() -> Page:
    """The default site's root: the demo host's HomePage (made once) when cms is installed, else
    the page Wagtail's migrations made, as in a fresh site that installs only the plugin."""
    site = Site.objects.get(is_default_site=True)
    root = site.root_page.specific
    if not apps.is_installed("cms"):
        return root
    HomePage = apps.get_model("cms", "HomePage")
    if isinstance(root, HomePage):
        return root
    top = Page.get_first_root_node()
    home = top.add_child(instance=HomePage(title="Startsida", slug=f"start-{next(_counter)}"))
    site.root_page = home
    site.save()
    return home


def make_series(parent=None, title="Lägesbild test", slug=None, publish=True) -> RapportIndexPage:
    parent = parent or home_page()
    series = parent.add_child(
        instance=RapportIndexPage(title=title, slug=slug or f"serie-{next(_counter)}", live=publish)
    )
    series.save_revision().publish() if publish else series.save_revision()
    return series


def make_person(name="Test Testsson", role="samordnare", **fields) -> Person:
    return Person.objects.create(name=name, role=role, **fields)


def make_link_collection(name="Samlad information", links=None) -> LinkCollection:
    links = links or [("Intranätet", "https://intranat.example.se/")]
    return LinkCollection.objects.create(
        name=name,
        links=[
            {"type": "link", "value": {"title": title, "target": url_target(url)}} for title, url in links
        ],
    )


def url_target(url: str) -> dict:
    return {"page": None, "document": None, "url": url}


def bullets(heading="Sammanfattning", html="<ul><li>En punkt</li></ul>") -> dict:
    return {"type": "bullets", "value": {"heading": heading, "bullets": html}}


def text(heading="Om rapporten", html="<p>Ett stycke.</p>") -> dict:
    return {"type": "text", "value": {"heading": heading, "text": html}}


def actions(heading="Kommunikativa åtgärder", items=None) -> dict:
    items = items or [(dt.date(2025, 5, 27), "En artikel", "https://example.se/artikel")]
    return {
        "type": "actions",
        "value": {
            "heading": heading,
            "items": [
                {"date": day.isoformat(), "title": title, "target": url_target(url)}
                for day, title, url in items
            ],
        },
    }


def links(heading="Samlad information", items=None, collection=None) -> dict:
    items = [] if collection else (items or [("Intranätet", "https://intranat.example.se/")])
    return {
        "type": "links",
        "value": {
            "heading": heading,
            "collection": collection.pk if collection else None,
            "links": [{"title": title, "target": url_target(url)} for title, url in items],
        },
    }


def people(heading="Talespersoner", persons=()) -> dict:
    return {"type": "people", "value": {"heading": heading, "people": [p.pk for p in persons]}}


def make_report(
    series=None,
    title="Regional rapport",
    compiled_at=None,
    body=None,
    publish=True,
    slug=None,
    **fields,
) -> RapportPage:
    """A report under `series`, saved as a revision and published unless publish=False."""
    series = series or make_series()
    compiled_at = compiled_at or stockholm(2025, 5, 27)
    report = RapportPage(
        title=title,
        compiled_at=compiled_at,
        body=body if body is not None else [bullets()],
        live=False,
        **fields,
    )
    report.slug = slug or report.unique_slug_under(series)
    series.add_child(instance=report)
    revision = report.save_revision()
    if publish:
        revision.publish()
        report.refresh_from_db()
    return report


def make_document(title="Beslutsunderlag", filename="beslutsunderlag.pdf"):
    """A Wagtail document with a small file (set MEDIA_ROOT to a temporary folder in the test)."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    return get_document_model().objects.create(title=title, file=ContentFile(b"%PDF-1.4\n", name=filename))


def rewrite_section(page, heading: str, edit) -> RapportPage:
    """Save a new revision of `page` in which the section `heading`'s stored html is `edit(html)`.

    For bullets and text sections: what an editor does in the section's Draftail field. Returns
    the revision's page, as the edit view and the preview see it.
    """
    from wagtail.rich_text import RichText

    draft = page.get_latest_revision_as_object()
    for block in draft.body:
        if block.value["heading"] == heading:
            field = "bullets" if block.block_type == "bullets" else "text"
            block.value[field] = RichText(edit(block.value[field].source))
            break
    else:
        raise LookupError(f"no section {heading!r}")
    draft.save_revision()
    return draft.get_latest_revision_as_object()


def make_distribution_list(name="Ledningen", addresses=("chef@example.se",), active=True, attach_pdf=False):
    from rapport_blocks.models import DistributionList

    return DistributionList.objects.create(
        name=name, addresses="\n".join(addresses), active=active, attach_pdf=attach_pdf
    )


def make_subscriber(series, address="skoterska@example.se"):
    """A confirmed subscriber, as confirming the e-mail's link stores it."""
    from rapport_blocks.models import Subscriber

    return Subscriber.objects.create(series=series, address=address)


def faq_question(question, answer="<p>Ett svar.</p>", reviewed_at=None, anchor="") -> dict:
    return {
        "question": question,
        "answer": answer,
        "reviewed_at": reviewed_at.isoformat() if reviewed_at else None,
        "anchor": anchor,
    }


def faq_category(heading="Om pausen", questions=None) -> dict:
    questions = questions or [faq_question("Varför har införandet pausats?")]
    return {
        "type": "category",
        "value": {
            "heading": heading,
            "questions": [faq_question(q) if isinstance(q, str) else q for q in questions],
        },
    }


def make_faq(parent=None, title="Frågor och svar", slug=None, body=None, publish=True, **fields):
    """An FaqPage under `parent` (the home page), saved as a revision and published unless publish=False."""
    from rapport_blocks.models import FaqPage

    parent = parent or home_page()
    page = FaqPage(
        title=title,
        slug=slug or f"fragor-{next(_counter)}",
        body=body if body is not None else [faq_category()],
        live=False,
        **fields,
    )
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


def email_log(report, *rows: dict) -> OutboxEvent:
    """The outbox as an e-mail run left it: the report's first publication's event (the one its
    publish wrote, where the delivery app is installed) with one e-mail delivery per row
    (`target`, `status`, `attempts`, ...)."""
    event = OutboxEvent.objects.filter(page_id=report.pk, first_publication=True).first()
    if event is None:
        event = OutboxEvent.objects.create(
            page=report, type=OutboxEvent.PUBLISHED, revision=report.live_revision, first_publication=True
        )
    OutboxDelivery.objects.bulk_create(OutboxDelivery(event=event, channel="email", **row) for row in rows)
    return event
