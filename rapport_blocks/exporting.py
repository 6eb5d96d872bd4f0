"""A RapportPage written out in the text layout, so that importing the text gives the same report.

Internal links are written as the full URL of their page or document: that reads well in the
file and `importing` turns such URLs back into internal links. Whatever the layout cannot hold
(a heading that would change a section's kind, a date more than a year old) is named in warnings
rather than silently changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from .core import rich_lists
from .core import text_layout as layout
from .faq import links as faq_links
from .models import RapportPage

KIND_NAMES = {
    layout.BULLETS: gettext_lazy("a bullet section"),
    layout.ACTIONS: gettext_lazy("an actions section"),
    layout.LINKS: gettext_lazy("a link collection"),
    layout.PEOPLE: gettext_lazy("a spokespersons section"),
    layout.TEXT: gettext_lazy("a text section"),
}
_SPACES = re.compile(r"[\r\n\t]+")
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "li", "pre"}


@dataclass
class ExportResult:
    text: str
    warnings: list[str] = field(default_factory=list)


def export_report(page: RapportPage, *, revision=None, latest: bool = False) -> ExportResult:
    """The report's live content (or `revision`, or with `latest` its newest draft) as text."""
    if revision is not None:
        page = revision.as_object()
    elif latest or not page.live:
        page = page.get_latest_revision_as_object()
    reader = ReportReader(page)
    report = reader.report()
    text = layout.write(report)
    return ExportResult(text=text, warnings=reader.warnings + _read_back_problems(report, text))


def _read_back_problems(report: layout.ParsedReport, text: str) -> list[str]:
    """Name every section the text would not give back as it is (see docs/import-format.md)."""
    try:
        again = layout.parse(text)
    except layout.InvalidLayout as invalid:
        return [_("Line %(line)d will not import: %(message)s") % e._asdict() for e in invalid.errors]
    problems = []
    for before, after in zip(report.sections, again.sections, strict=False):
        if before.kind != after.kind:
            problems.append(
                _("The section “%(heading)s” will import as %(new)s, not as %(old)s.")
                % {"heading": before.heading, "new": KIND_NAMES[after.kind], "old": KIND_NAMES[before.kind]}
            )
        elif before != after:
            problems.append(
                _("The section “%(heading)s” will not import exactly as it is.") % {"heading": before.heading}
            )
    if len(report.sections) != len(again.sections):
        problems.append(_("The text will import with a different number of sections."))
    return problems


class ReportReader:
    """Reads a page's stream into the layout's plain structure, resolving links to full URLs."""

    def __init__(self, page: RapportPage):
        self.page = page
        self.warnings: list[str] = []
        site = page.get_site() or Site.objects.filter(is_default_site=True).first()
        self.root_url = site.root_url if site else ""

    def report(self) -> layout.ParsedReport:
        return layout.ParsedReport(
            title=self.page.title,
            compiled_at=self.page.compiled_at,
            next_expected_at=self.page.next_expected_at,
            sections=[self.section(child.block_type, child.value) for child in self.page.body],
        )

    # Links

    def page_url(self, page: Page | None) -> str | None:
        url = page.get_full_url() if page is not None else None
        if not url:
            self.warning_missing(_("a page"))
        return url

    def document_url(self, document) -> str | None:
        if document is None:
            self.warning_missing(_("a document"))
            return None
        url = document.url
        return url if "://" in url else self.root_url + url

    def warning_missing(self, what) -> None:
        self.warnings.append(
            _("A link to %(what)s that no longer exists (or has no address) is written without its link.")
            % {"what": what}
        )

    def target_url(self, target) -> str | None:
        if target is None:
            return None
        if target.get("page"):
            # One question of an FAQ page: its anchor, while the published page still has it.
            url = self.page_url(target["page"])
            return faq_links.question_url(url or "", target["page"], target.get("anchor")) or url
        if target.get("document"):
            return self.document_url(target["document"])
        return target.get("url") or None

    def anchor_url(self, anchor: Tag) -> str | None:
        linktype = anchor.get("linktype")
        if linktype == "page":
            return self.page_url(Page.objects.filter(pk=_int(anchor.get("id"))).first())
        if linktype == "document":
            return self.document_url(get_document_model().objects.filter(pk=_int(anchor.get("id"))).first())
        return anchor.get("href") or None

    # Rich text

    def spans(self, node) -> layout.Inline:
        spans: list[layout.Span] = []

        def walk(parent, bold: bool, italic: bool, url: str | None) -> None:
            for child in parent.children:
                if isinstance(child, Comment):
                    continue
                if isinstance(child, NavigableString):
                    spans.append(layout.Span(_SPACES.sub(" ", str(child)), bold, italic, url))
                elif child.name == "br":
                    spans.append(layout.Span(" ", bold, italic, url))
                elif child.name in ("b", "strong"):
                    walk(child, True, italic, url)
                elif child.name in ("i", "em"):
                    walk(child, bold, True, url)
                elif child.name == "a":
                    walk(child, bold, italic, self.anchor_url(child))
                else:
                    walk(child, bold, italic, url)

        walk(node, False, False, None)
        return layout.normalize(spans)

    def html_spans(self, html: str) -> layout.Inline:
        return self.spans(BeautifulSoup(html, "html.parser"))

    def bullets(self, html: str) -> list[layout.Bullet]:
        """The tree every channel sees (`rich_lists.parse_bullets`), each item's markup as spans."""

        def convert(bullet: rich_lists.Bullet) -> layout.Bullet:
            return layout.Bullet(self.html_spans(bullet.html), [convert(child) for child in bullet.children])

        return [convert(bullet) for bullet in rich_lists.parse_bullets(html)]

    def paragraphs(self, html: str) -> list[layout.Paragraph]:
        paragraphs = []
        loose: list = []  # text and inline tags between block elements form a paragraph too

        def flush():
            if loose:
                holder = BeautifulSoup("", "html.parser").new_tag("p")
                for node in list(loose):
                    holder.append(node.extract() if hasattr(node, "extract") else node)
                paragraphs.append(self.spans(holder))
                loose.clear()

        for node in list(BeautifulSoup(html, "html.parser").children):
            if isinstance(node, Tag) and node.name in ("ul", "ol"):
                flush()
                paragraphs.extend(self.spans(li) for li in node.find_all("li"))
            elif isinstance(node, Tag) and node.name in _BLOCK_TAGS:
                flush()
                paragraphs.append(self.spans(node))
            else:
                loose.append(node)
        flush()
        return [layout.Paragraph(spans) for spans in paragraphs if spans]

    # Sections

    def section(self, kind: str, value) -> layout.Section:
        section = layout.Section(
            kind=kind, heading=value["heading"], audience=value.get("audience") or layout.AUDIENCE_ALL
        )
        if kind == layout.BULLETS:
            section.items = self.bullets(value["bullets"].source)
        elif kind == layout.ACTIONS:
            section.items = [
                layout.Action(item["date"], item["title"], self.target_url(item["target"]))
                for item in value["items"]
            ]
        elif kind == layout.LINKS:
            collection = value["collection"]
            links = [child.value for child in collection.links] if collection else value["links"]
            section.items = [
                layout.Link(link["title"], self.target_url(link["target"]) or "#") for link in links
            ]
        elif kind == layout.PEOPLE:
            section.items = [
                layout.Person(person.name, person.role, person.email, person.phone)
                for person in value["people"]
                if person is not None
            ]
        else:
            section.items = self.paragraphs(value["text"].source)
        return section


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
