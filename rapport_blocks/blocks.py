"""The section blocks a report is built from.

Section kinds are structural (bullets, actions, links, people, text); headings are the editors'
own words, so a report with other headings is just as easy to write. The block names are the
`type` values of the JSON contract.
"""

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from .core import rich_lists
from .core.links import url_problem
from .faq import links as faq_links

# "word-lists": a list pasted from Word keeps its levels (wagtail_hooks.register_word_lists).
WORD_LISTS = "word-lists"
BULLET_FEATURES = ["ul", "bold", "italic", "link", "document-link", WORD_LISTS]
TEXT_FEATURES = ["bold", "italic", "link", "document-link"]


class NamedRichTextBlock(blocks.RichTextBlock):
    """A rich text block whose editable area is named after the block's label for screen readers.

    Wagtail's field label points at the hidden input that stores the text, not at Draftail's
    editable area, so that area has no accessible name (axe: aria-input-field-name). Draftail
    passes `ariaLabel` to it; Wagtail passes the widget's options to Draftail.
    """

    @cached_property
    def field(self):
        field = super().field
        options = getattr(field.widget, "options", None)
        if isinstance(options, dict) and self.label:
            field.widget.options = {**options, "ariaLabel": self.label}
        return field


def heading_block():
    return blocks.CharBlock(
        label=_("Heading"),
        max_length=200,
        help_text=_("Shown as the section's heading, for example “Sammanfattande lägesbild”."),
    )


AUDIENCE_ALL = "all"
AUDIENCE_MAILING = "mailing"


def audience_block():
    """Who a section is for. "Endast utskick" sections go to the e-mail only (rules/presentation.py)."""
    return blocks.ChoiceBlock(
        choices=[(AUDIENCE_ALL, _("Everyone")), (AUDIENCE_MAILING, _("Mailing only"))],
        default=AUDIENCE_ALL,
        label=_("Audience"),
        help_text=_(
            "“Mailing only” sections are sent in the e-mail to the distribution lists and never "
            "shown on the site, in the widget, the feeds or search."
        ),
    )


class LinkValue(blocks.StructValue):
    """One link target: an internal page, a document or an external address."""

    @property
    def kind(self) -> str:
        """ "page", "document", "url", or "" for no target."""
        return next((name for name in ("page", "document", "url") if self.get(name)), "")


class LinkTargetBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(required=False, label=_("Page"))
    anchor = blocks.CharBlock(
        required=False,
        max_length=80,
        label=_("Question on the FAQ page"),
        help_text=_("Only for an FAQ page: the question to link to. Empty links to the whole page."),
        form_classname="rapport-link-target__anchor",
    )
    document = DocumentChooserBlock(required=False, label=_("Document"))
    url = blocks.CharBlock(
        required=False,
        max_length=2000,
        label=_("External address"),
        help_text=_("An http, https or mailto address. “#” marks a link whose target is not ready yet."),
    )

    def __init__(self, *args, optional=False, **kwargs):
        self.optional = optional
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        chosen = [name for name in ("page", "document", "url") if value.get(name)]
        if not chosen:
            if self.optional:
                return value
            raise StructBlockValidationError(
                block_errors={"url": ValidationError(_("Choose a page or a document, or enter an address."))}
            )
        if len(chosen) > 1:
            message = ValidationError(_("Choose only one target: a page, a document or an address."))
            raise StructBlockValidationError(block_errors={name: message for name in chosen})
        if value.get("anchor"):
            problem = faq_links.anchor_problem(value.get("page"), value["anchor"])
            if problem:
                raise StructBlockValidationError(block_errors={"anchor": ValidationError(problem)})
        if value.get("url"):
            problem = url_problem(value["url"])
            if problem:
                raise StructBlockValidationError(block_errors={"url": ValidationError(problem)})
        return value

    class Meta:
        value_class = LinkValue
        icon = "link"
        label = _("Link target")
        form_classname = "rapport-link-target"
        collapsed = False


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=300)
    target = LinkTargetBlock(label=_("Target"))

    class Meta:
        icon = "link"
        label = _("Link")
        preview_value = {
            "title": "Samlad information på intranätet",
            "target": {"url": "https://example.se/"},
        }


class ActionBlock(blocks.StructBlock):
    date = blocks.DateBlock(label=_("Date"))
    title = blocks.CharBlock(label=_("Title"), max_length=300)
    target = LinkTargetBlock(label=_("Link"), optional=True, required=False)

    class Meta:
        icon = "date"
        label = _("Action")


class BulletSectionBlock(blocks.StructBlock):
    heading = heading_block()
    audience = audience_block()
    bullets = NamedRichTextBlock(
        label=_("Bullets"),
        features=BULLET_FEATURES,
        help_text=_(
            "Type “- ” to start a list. Enter adds a bullet; Tab and Shift+Tab indent and outdent "
            "(up to four levels). A list pasted from Word or Outlook keeps its levels."
        ),
    )

    def clean(self, value):
        value = super().clean(value)
        problem = rich_lists.bullets_problem(value["bullets"].source)
        if problem:
            raise StructBlockValidationError(block_errors={"bullets": ValidationError(problem)})
        return value

    class Meta:
        icon = "list-ul"
        label = _("Bullet section")
        description = _("A heading and a bullet list with up to four levels.")
        template = "rapport_blocks/blocks/section.html"
        preview_value = {
            "heading": "Sammanfattande lägesbild",
            "bullets": "<ul><li>Arbetet fortsätter enligt plan.</li></ul>",
        }


class ActionsSectionBlock(blocks.StructBlock):
    heading = heading_block()
    audience = audience_block()
    items = blocks.ListBlock(ActionBlock(), min_num=1, label=_("Actions"))

    class Meta:
        icon = "date"
        label = _("Actions section")
        description = _("Dated communication actions, each with a link.")
        template = "rapport_blocks/blocks/section.html"


class LinkCollectionSectionBlock(blocks.StructBlock):
    heading = heading_block()
    audience = audience_block()
    collection = SnippetChooserBlock(
        "rapport_blocks.LinkCollection",
        required=False,
        label=_("Shared link collection"),
        help_text=_("A collection that many reports use: editing it updates every report."),
    )
    links = blocks.ListBlock(LinkBlock(), min_num=0, label=_("Links"), default=[])

    def clean(self, value):
        value = super().clean(value)
        has_links = len(value["links"]) > 0
        if bool(value["collection"]) == has_links:
            message = ValidationError(
                _("Choose a shared link collection or add links, not both.")
                if has_links
                else _("Choose a shared link collection or add at least one link.")
            )
            raise StructBlockValidationError(block_errors={"collection": message})
        return value

    class Meta:
        icon = "link"
        label = _("Link collection")
        description = _("Collected links, written here or chosen from a shared collection.")
        template = "rapport_blocks/blocks/section.html"


class SpokespersonsSectionBlock(blocks.StructBlock):
    heading = heading_block()
    audience = audience_block()
    people = blocks.ListBlock(
        SnippetChooserBlock("rapport_blocks.Person", label=_("Person")), min_num=1, label=_("People")
    )

    class Meta:
        icon = "group"
        label = _("Spokespersons")
        description = _("People to contact, chosen from the shared list of people.")
        template = "rapport_blocks/blocks/section.html"


class TextSectionBlock(blocks.StructBlock):
    heading = heading_block()
    audience = audience_block()
    text = NamedRichTextBlock(label=_("Text"), features=TEXT_FEATURES)

    def clean(self, value):
        value = super().clean(value)
        problem = rich_lists.text_problem(value["text"].source)
        if problem:
            raise StructBlockValidationError(block_errors={"text": ValidationError(problem)})
        return value

    class Meta:
        icon = "doc-full"
        label = _("Text section")
        description = _("A heading and paragraphs, for example “Om rapporten”.")
        template = "rapport_blocks/blocks/section.html"
        preview_value = {"heading": "Om rapporten", "text": "<p>Rapporten sammanställs varje vecka.</p>"}


class ReportBodyBlock(blocks.StreamBlock):
    bullets = BulletSectionBlock()
    actions = ActionsSectionBlock()
    links = LinkCollectionSectionBlock()
    people = SpokespersonsSectionBlock()
    text = TextSectionBlock()

    class Meta:
        min_num = 1


class LinkCollectionBody(blocks.StreamBlock):
    link = LinkBlock()

    class Meta:
        min_num = 1
