"""A report in the text layout becomes a RapportPage: one transaction, the admin's own validation.

The layout is read by `text_layout` (pure); this module does what needs the database: it finds or
creates the series, reuses people and shared link collections, turns URLs of this installation
back into internal links, and validates the stream with the same blocks the admin form cleans, so
an imported report is always one an editor could have saved.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from .conf import rapport_settings
from .core import readers
from .core import text_layout as layout
from .faq import links as faq_links
from .models import LinkCollection, Person, RapportIndexPage, RapportPage

DEFAULT_SERIES_TITLE = "Lägesbild"


@dataclass
class ImportResult:
    page: RapportPage
    report: layout.ParsedReport
    filename: str = ""
    warnings: list[layout.LayoutWarning] = field(default_factory=list)
    created: bool = True

    def place(self, where: int) -> str:
        return layout.place(self.filename, where, self.report.unit, self.report.excerpts)


class ImportFailed(Exception):
    """Nothing was created; `errors` is a list of (line, message), line 0 for the file as a whole.

    For a Word document (`unit` "paragraph") the numbers count paragraphs, and `excerpts` quote them.
    """

    def __init__(self, errors: list[tuple[int, str]], filename: str = "", unit: str = "line", excerpts=None):
        self.errors = sorted(((line, str(message)) for line, message in errors), key=lambda e: e[0])
        self.filename = filename
        self.unit = unit
        self.excerpts = excerpts or {}
        super().__init__("\n".join(self.lines()))

    def place(self, where: int) -> str:
        return layout.place(self.filename, where, self.unit, self.excerpts)

    def lines(self) -> list[str]:
        """“FILE:LINE: message”, as compilers and editors understand it (a paragraph for Word)."""
        return [f"{self.place(line)}: {message}" for line, message in self.errors]


class _Invalid(Exception):
    """Inside the transaction: undo everything, then report these (line, message) pairs."""

    def __init__(self, errors):
        self.errors = errors


def import_report(
    data: str | bytes,
    *,
    filename: str,
    series_slug: str | None = None,
    publish: bool = False,
    skip_existing: bool = False,
    check_only: bool = False,
) -> ImportResult:
    """Create one report from `data` (the text layout or a Word document, told apart by content)
    under the series `series_slug` (default: the first series).

    With `skip_existing` (for loading demo content again and again), a report of the series with
    the same title and compiled time is returned as it is, with `created` False. With
    `check_only` everything is done and validated, then rolled back (`created` False).
    """
    return create_report(
        read_report(data, filename),
        filename=filename,
        series_slug=series_slug,
        publish=publish,
        skip_existing=skip_existing,
        check_only=check_only,
    )


def read_report(data: str | bytes, filename: str, *, word_only: bool = False) -> layout.ParsedReport:
    """The report a file holds, read by the reader its content calls for; ImportFailed if none."""
    try:
        return readers.read_report(
            data, filename, word_max_bytes=rapport_settings.WORD_MAX_BYTES, word_only=word_only
        )
    except layout.InvalidLayout as invalid:
        raise ImportFailed(invalid.errors, filename, invalid.unit, invalid.excerpts) from None


def create_report(
    report: layout.ParsedReport,
    *,
    filename: str,
    series: RapportIndexPage | None = None,
    series_slug: str | None = None,
    publish: bool = False,
    skip_existing: bool = False,
    check_only: bool = False,
    user=None,
) -> ImportResult:
    """The one importer: a read report becomes a page of `series` (or of the series `series_slug`),
    in one transaction and through the admin's own validation, or ImportFailed and nothing at all.
    `user` is who the revision is by (the admin's import); none for the command."""
    try:
        with transaction.atomic():
            series = series or find_series(series_slug)
            if skip_existing:
                existing = (
                    RapportPage.objects.child_of(series)
                    .filter(title=report.title, compiled_at=report.compiled_at)
                    .first()
                )
                if existing is not None:
                    return ImportResult(
                        page=existing,
                        report=report,
                        filename=filename,
                        warnings=report.warnings,
                        created=False,
                    )
            builder = StreamBuilder(report)
            page = builder.create_page(series, publish=publish, user=user)
            if check_only:
                transaction.set_rollback(True)
    except _Invalid as invalid:
        raise ImportFailed(invalid.errors, filename, report.unit, report.excerpts) from None
    return ImportResult(
        page=page,
        report=report,
        filename=filename,
        warnings=sorted(report.warnings + builder.warnings),
        created=not check_only,
    )


# The series


def find_series(slug: str | None) -> RapportIndexPage:
    series = RapportIndexPage.objects.order_by("path")
    if slug:
        found = series.filter(slug=slug).first()
        if found is None:
            known = ", ".join(series.values_list("slug", flat=True)) or "–"
            raise _Invalid(
                [
                    (
                        0,
                        _("There is no report series with the slug “%(slug)s”. Series: %(known)s.")
                        % {"slug": slug, "known": known},
                    )
                ]
            )
        return found
    return series.first() or create_default_series()


def create_default_series() -> RapportIndexPage:
    """The first import on a fresh site gets a published series under the site's home page."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise _Invalid([(0, _("The site has no default site to put a report series under."))])
    home = site.root_page
    taken = set(home.get_children().values_list("slug", flat=True))
    slug, n = "lagesbild", 1
    while slug in taken:
        n += 1
        slug = f"lagesbild-{n}"
    series = home.add_child(instance=RapportIndexPage(title=DEFAULT_SERIES_TITLE, slug=slug))
    series.save_revision(log_action=True).publish()
    return series


# Link targets: URLs of this installation become internal links again


class TargetResolver:
    """Exported reports write internal links as full URLs; importing them restores the links."""

    def __init__(self):
        self.sites = list(Site.objects.select_related("root_page"))

    def site_for(self, url: str) -> Site | None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return None
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            return None
        for site in self.sites:
            if site.hostname.lower() != parts.hostname.lower():
                continue
            if site.port == port or (parts.port is None and site.port in (80, 443)):
                return site
        return None

    def target(self, url: str, *, questions: bool = False) -> dict:
        """The link target of `url`. With `questions`, "FAQ page URL#anchor" becomes that question.

        Rich text cannot hold an anchor on a page link, so there such a URL stays an address.
        """
        site = self.site_for(url)
        parts = urlsplit(url)
        if site is not None and not parts.query and not parts.fragment:
            path = unquote(parts.path) or "/"
            document = self.document(path)
            if document is not None:
                return {"page": None, "document": document.pk, "url": ""}
            page = self.page(site, path)
            if page is not None:
                return {"page": page.pk, "document": None, "url": ""}
        if questions and site is not None and not parts.query and parts.fragment:
            page = self.page(site, unquote(parts.path) or "/")
            if page is not None and parts.fragment in {a for a, _q in faq_links.editable_anchors(page)}:
                return {"page": page.pk, "anchor": parts.fragment, "document": None, "url": ""}
        return {"page": None, "document": None, "url": url}

    @staticmethod
    def document(path: str):
        try:
            match = resolve(path)
        except Resolver404:
            return None
        if match.url_name != "wagtaildocs_serve":
            return None
        return get_document_model().objects.filter(pk=match.args[0]).first()

    @staticmethod
    def page(site: Site, path: str) -> Page | None:
        relative = path.strip("/")
        url_path = site.root_page.url_path + (relative + "/" if relative else "")
        return Page.objects.filter(url_path=url_path).descendant_of(site.root_page, inclusive=True).first()


def _rich_text_link(target: dict) -> str:
    if target["page"]:
        return f'<a linktype="page" id="{target["page"]}">'
    if target["document"]:
        return f'<a linktype="document" id="{target["document"]}">'
    return f'<a href="{html.escape(target["url"])}">'


def inline_html(spans: layout.Inline, resolver: TargetResolver) -> str:
    """Spans as Wagtail's stored rich text: <b>, <i>, and links (internal ones as page or document links)."""
    out, i = [], 0
    while i < len(spans):
        group = [spans[i]]
        while i + len(group) < len(spans) and spans[i + len(group)].url == spans[i].url:
            group.append(spans[i + len(group)])
        inner = "".join(_marked(span) for span in group)
        url = spans[i].url
        out.append(inner if url is None else f"{_rich_text_link(resolver.target(url))}{inner}</a>")
        i += len(group)
    return "".join(out)


def _marked(span: layout.Span) -> str:
    text = html.escape(span.text, quote=False)
    if span.italic:
        text = f"<i>{text}</i>"
    if span.bold:
        text = f"<b>{text}</b>"
    return text


# The stream


class StreamBuilder:
    """Section by section, the raw stream data of a report, and where each part came from."""

    def __init__(self, report: layout.ParsedReport):
        self.report = report
        self.resolver = TargetResolver()
        self.warnings: list[layout.LayoutWarning] = []
        self.errors: list[tuple[int, str]] = []

    def inline_html(self, spans: layout.Inline) -> str:
        return inline_html(spans, self.resolver)

    def bullets_html(self, bullets: list[layout.Bullet]) -> str:
        items = "".join(
            f"<li>{self.inline_html(b.text)}{self.bullets_html(b.children) if b.children else ''}</li>"
            for b in bullets
        )
        return f"<ul>{items}</ul>"

    def target(self, url: str | None) -> dict:
        if not url:
            return {"page": None, "document": None, "url": ""}
        return self.resolver.target(url, questions=True)

    def person(self, item: layout.Person) -> int:
        existing = Person.objects.filter(name__iexact=item.name).order_by("pk").first()
        if existing is not None:
            # Reused as stored: say which of the file's details the report will not show.
            differs = [
                str(Person._meta.get_field(name).verbose_name)
                for name in ("role", "email", "phone")
                if getattr(item, name) and getattr(existing, name) != getattr(item, name)
            ]
            if differs:
                self.warnings.append(
                    layout.LayoutWarning(
                        item.line,
                        _(
                            "“%(name)s” already exists with another %(fields)s; the report uses that "
                            "person (edit the person to change it)."
                        )
                        % {"name": existing.name, "fields": ", ".join(differs)},
                    )
                )
            return existing.pk
        person = Person(name=item.name, role=item.role, email=item.email, phone=item.phone)
        try:
            person.full_clean()
        except ValidationError as error:
            self.errors.extend((item.line, message) for message in error.messages)
            return 0
        person.save()
        return person.pk

    @staticmethod
    def shared_collection(links: list[dict]) -> LinkCollection | None:
        """A collection with exactly these links, in this order: the report keeps using the snippet."""
        wanted = [_link_key(link) for link in links]
        for collection in LinkCollection.objects.order_by("pk"):
            mine = [_link_key(child.value) for child in collection.links if child.block_type == "link"]
            if mine == wanted:
                return collection
        return None

    def section(self, section: layout.Section) -> dict:
        value: dict = {"heading": section.heading, "audience": section.audience}
        if section.kind == layout.BULLETS:
            value["bullets"] = self.bullets_html(section.items)
        elif section.kind == layout.ACTIONS:
            value["items"] = [
                {"date": item.date.isoformat(), "title": item.title, "target": self.target(item.url)}
                for item in section.items
            ]
        elif section.kind == layout.LINKS:
            links = [{"title": item.title, "target": self.target(item.url)} for item in section.items]
            collection = self.shared_collection(links)
            value["collection"] = collection.pk if collection else None
            value["links"] = [] if collection else links
        elif section.kind == layout.PEOPLE:
            value["people"] = [self.person(item) for item in section.items]
        else:
            value["text"] = "".join(f"<p>{self.inline_html(p.text)}</p>" for p in section.items)
        return {"type": section.kind, "value": value}

    def clean_body(self):
        """The stream as the admin form would clean it; block errors mapped back to their lines."""
        block = RapportPage._meta.get_field("body").stream_block
        raw = [self.section(section) for section in self.report.sections]
        if self.errors:
            raise _Invalid(self.errors)
        try:
            return block.clean(block.to_python(raw))
        except ValidationError as error:
            raise _Invalid(self.block_errors(error)) from None

    def block_errors(self, error: ValidationError) -> list[tuple[int, str]]:
        """Stream, section, field, list item: each message on the line its part came from."""
        found = [(self.report.title_line, message) for message in _messages(_non_block(error))]
        for index, section_error in _children(error).items():
            section = self.report.sections[index]
            found += [(section.line, message) for message in _messages(_non_block(section_error))]
            fields = (
                _children(section_error) if hasattr(section_error, "block_errors") else {"": section_error}
            )
            for name, field_error in fields.items():
                items = _children(field_error) if name in ("items", "links", "people") else {}
                if not items:
                    line = section.line if name in ("", "heading", "collection") else _first_line(section)
                    found += [(line, message) for message in _messages([field_error])]
                    continue
                found += [(section.line, message) for message in _messages(_non_block(field_error))]
                for item_index, item_error in items.items():
                    found += [
                        (section.items[item_index].line, message) for message in _messages([item_error])
                    ]
        return found

    def create_page(self, series: RapportIndexPage, *, publish: bool, user=None) -> RapportPage:
        report = self.report
        page = RapportPage(
            title=report.title,
            compiled_at=report.compiled_at,
            next_expected_at=report.next_expected_at,
            body=self.clean_body(),
            live=False,
            has_unpublished_changes=True,
        )
        page.slug = page.unique_slug_under(series)
        lines = {
            "title": report.title_line,
            "compiled_at": report.compiled_line,
            "next_expected_at": report.next_expected_line,
        }
        try:
            series.add_child(instance=page)
            # Saving a revision validates the page (the date rule among others) as the admin does.
            revision = page.save_revision(user=user, log_action=True)
        except ValidationError as error:
            raise _Invalid(
                [
                    (lines.get(name, report.title_line), message)
                    for name, messages in (
                        error.message_dict.items() if hasattr(error, "error_dict") else [("", error.messages)]
                    )
                    for message in messages
                ]
            ) from None
        if publish:
            revision.publish(user=user)
            page.refresh_from_db()
        return page


def _link_key(value) -> tuple:
    target = value["target"]

    def pk(item):
        return getattr(item, "pk", item) or None

    return (
        value["title"],
        pk(target.get("page")),
        target.get("anchor") or "",
        pk(target.get("document")),
        target.get("url") or "",
    )


def _first_line(section: layout.Section) -> int:
    return section.items[0].line if section.items else section.line


def _children(error) -> dict:
    return getattr(error, "block_errors", None) or {}


def _non_block(error) -> list:
    return list(getattr(error, "non_block_errors", None) or [])


def _messages(errors) -> list[str]:
    """Every message inside (possibly nested) block validation errors."""
    out: list[str] = []
    for error in errors:
        if hasattr(error, "block_errors"):
            children = error.block_errors
            out += _messages(_non_block(error))
            out += _messages(children.values() if isinstance(children, dict) else children)
        elif isinstance(error, ValidationError):
            out += error.messages
        else:
            out.append(str(error))
    return out
