"""An FAQ in its text layout becomes an FaqPage: one transaction, the admin's own block validation.

The same rules as `rapport_blocks.importing` for reports: every problem as (line, message), and
then nothing at all is created; links to this installation's pages and documents come back as
internal links.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from ..core.text_layout import InvalidLayout, LayoutWarning
from ..core.text_layout.structure import place
from ..importing import ImportFailed, TargetResolver, inline_html
from . import layout
from .models import FaqPage


@dataclass
class FaqImportResult:
    page: FaqPage
    filename: str = ""
    warnings: list[LayoutWarning] = field(default_factory=list)
    created: bool = True

    def place(self, where: int) -> str:
        return place(self.filename, where)


class _Invalid(Exception):
    def __init__(self, errors):
        self.errors = errors


def import_faq(
    text: str | bytes,
    *,
    filename: str,
    parent_slug: str | None = None,
    publish: bool = False,
    skip_existing: bool = False,
    check_only: bool = False,
) -> FaqImportResult:
    """Create one FAQ page from `text` under the page `parent_slug` (default: the site's home page).

    With `skip_existing` (the demo loader), an FAQ page of the parent with the same title is
    returned as it is, with `created` False. With `check_only`, everything is validated and rolled back.
    """
    try:
        faq = layout.parse(text)
    except InvalidLayout as invalid:
        raise ImportFailed(invalid.errors, filename) from None
    try:
        with transaction.atomic():
            parent = find_parent(parent_slug)
            if skip_existing:
                existing = FaqPage.objects.child_of(parent).filter(title=faq.title).first()
                if existing is not None:
                    return FaqImportResult(
                        page=existing, filename=filename, warnings=faq.warnings, created=False
                    )
            page = FaqBuilder(faq).create_page(parent, publish=publish)
            if check_only:
                transaction.set_rollback(True)
    except _Invalid as invalid:
        raise ImportFailed(invalid.errors, filename) from None
    return FaqImportResult(page=page, filename=filename, warnings=faq.warnings, created=not check_only)


def find_parent(slug: str | None) -> Page:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if not slug:
        if site is None:
            raise _Invalid([(0, _("The site has no default site to put the FAQ page under."))])
        return site.root_page
    pages = Page.objects.filter(slug=slug, depth__gt=1).order_by("path")
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    found = pages.first()
    if found is None:
        raise _Invalid(
            [(0, _("There is no page with the slug “%(slug)s” to put the FAQ under.") % {"slug": slug})]
        )
    return found.specific


class FaqBuilder:
    """The FAQ's raw stream, cleaned like the admin's form, errors mapped back to their lines."""

    def __init__(self, faq: layout.ParsedFaq):
        self.faq = faq
        self.resolver = TargetResolver()

    def html(self, blocks: list) -> str:
        out = []
        for block in blocks:
            if isinstance(block, layout.BulletList):
                items = "".join(f"<li>{inline_html(item, self.resolver)}</li>" for item in block.items)
                out.append(f"<ul>{items}</ul>")
            else:
                out.append(f"<p>{inline_html(block.text, self.resolver)}</p>")
        return "".join(out)

    def raw_body(self) -> list[dict]:
        return [
            {
                "type": "category",
                "value": {
                    "heading": category.heading,
                    "questions": [
                        {
                            "question": question.question,
                            "answer": self.html(question.answer),
                            "reviewed_at": question.reviewed_at.isoformat() if question.reviewed_at else None,
                            "anchor": "",
                        }
                        for question in category.questions
                    ],
                },
            }
            for category in self.faq.categories
        ]

    def clean_body(self):
        block = FaqPage._meta.get_field("body").stream_block
        try:
            return block.clean(block.to_python(self.raw_body()))
        except ValidationError as error:
            raise _Invalid(self.block_errors(error)) from None

    def block_errors(self, error) -> list[tuple[int, str]]:
        found = [(self.faq.title_line, message) for message in _messages(_non_block(error))]
        for index, category_error in _children(error).items():
            category = self.faq.categories[index]
            found += [(category.line, message) for message in _messages(_non_block(category_error))]
            for name, field_error in _children(category_error).items():
                if name != "questions":
                    found += [(category.line, message) for message in _messages([field_error])]
                    continue
                found += [(category.line, message) for message in _messages(_non_block(field_error))]
                for q_index, question_error in _children(field_error).items():
                    question = category.questions[q_index]
                    lines = {"answer": question.answer_line, "reviewed_at": question.reviewed_line}
                    found += [(question.line, message) for message in _messages(_non_block(question_error))]
                    for part, part_error in _children(question_error).items():
                        line = lines.get(part) or question.line
                        found += [(line, message) for message in _messages([part_error])]
        return found

    def create_page(self, parent: Page, *, publish: bool) -> FaqPage:
        faq = self.faq
        page = FaqPage(
            title=faq.title,
            intro=self.html(faq.intro),
            body=self.clean_body(),
            live=False,
            has_unpublished_changes=True,
        )
        page.slug = _unique_slug(parent, faq.title)
        try:
            parent.add_child(instance=page)
        except ValidationError as error:
            messages = (
                error.messages if not hasattr(error, "error_dict") else sum(error.message_dict.values(), [])
            )
            raise _Invalid([(faq.title_line, message) for message in messages]) from None
        revision = page.save_revision(log_action=True)
        if publish:
            revision.publish()
            page.refresh_from_db()
        return page


def _unique_slug(parent: Page, title: str) -> str:
    base = slugify(title)[:80].strip("-") or "fragor-och-svar"
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _children(error) -> dict:
    children = getattr(error, "block_errors", None) or {}
    return children if isinstance(children, dict) else dict(enumerate(children))


def _non_block(error) -> list:
    return list(getattr(error, "non_block_errors", None) or [])


def _messages(errors) -> list[str]:
    out: list[str] = []
    for error in errors:
        if error is None:
            continue
        if hasattr(error, "block_errors"):
            out += _messages(_non_block(error))
            out += _messages(_children(error).values())
        elif isinstance(error, ValidationError):
            out += error.messages
        else:
            out.append(str(error))
    return out
