"""The FAQ's blocks: categories of questions, each with a rich-text answer and its review date."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

from ..blocks import WORD_LISTS
from . import anchors

ANSWER_FEATURES = ["bold", "italic", "link", "document-link", "ul", "ol", WORD_LISTS]
PREVIEW_QUESTION = {
    "question": "Varför har införandet pausats?",
    "answer": "<p>Styrgruppen vill först rätta de fel som pilotenheterna har rapporterat.</p>",
}


class AnchorBlock(blocks.FieldBlock):
    """The question's anchor: shown, so maintainers can read it, but read-only in the form.

    Filled in when the page is saved (`FaqBodyBlock.clean`); changing it would break every link
    to the question, so the form does not offer it.
    """

    def __init__(self, required=False, help_text=None, **kwargs):
        self.field = forms.CharField(
            required=False,
            max_length=80,
            help_text=help_text,
            widget=forms.TextInput(attrs={"readonly": True, "class": "faq-anchor-field"}),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value) or ""
        if value and not anchors.VALID.fullmatch(value):
            # Not an error the maintainer could fix in a read-only field: a new anchor is made.
            return ""
        return value

    class Meta:
        icon = "link"
        default = ""


class FaqQuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=300)
    answer = blocks.RichTextBlock(
        label=_("Answer"),
        features=ANSWER_FEATURES,
        help_text=_("Bold, italic, links and lists."),
    )
    reviewed_at = blocks.DateBlock(
        required=False,
        label=_("Last reviewed"),
        help_text=_("When someone last checked that the answer is still right (“Senast granskad”)."),
    )
    anchor = AnchorBlock(
        label=_("Link anchor"),
        help_text=_("Set when the page is saved and never changed, so links to this question keep working."),
    )

    def clean(self, value):
        value = super().clean(value)
        if not value["answer"].source or not _has_text(value["answer"].source):
            raise StructBlockValidationError(block_errors={"answer": ValidationError(_("Write an answer."))})
        return value

    class Meta:
        icon = "help"
        label = _("Question")
        form_classname = "faq-question"
        preview_value = PREVIEW_QUESTION


class FaqCategoryBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    questions = blocks.ListBlock(FaqQuestionBlock(), min_num=1, label=_("Questions"))

    class Meta:
        icon = "folder-open-inverse"
        label = _("Category")
        description = _("A heading and its questions with answers.")
        preview_value = {
            "heading": "Om pausen",
            "questions": [PREVIEW_QUESTION],
        }


class FaqBodyBlock(blocks.StreamBlock):
    category = FaqCategoryBlock()

    def clean(self, value):
        value = super().clean(value)
        anchors.ensure(value)
        return value

    class Meta:
        min_num = 1


def _has_text(html: str) -> bool:
    from django.utils.html import strip_tags

    return bool(strip_tags(html).replace("&nbsp;", " ").strip())
