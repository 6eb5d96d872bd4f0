"""The FAQ page and the rows that make its questions searchable one by one.

Thin: how an FAQ *shows* is `presentation`, how it is *searched* is `search`, its anchors are
`anchors`. Imported by `rapport_blocks.models`, so the app owns these models and migrations.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import WORD_LISTS
from ..page_mixins import ExtendsSiteBase, PublishedAtomically, ServedByVisibilityRule
from ..rules import visibility
from . import anchors, search
from .blocks import FaqBodyBlock
from .presentation import faq_json_ld, json_ld_script, present_faq_for_request


class FaqPage(anchors.HasQuestions, PublishedAtomically, ServedByVisibilityRule, ExtendsSiteBase, Page):
    """Questions and answers about the situation, in categories; can live anywhere in the tree."""

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link", "ul", WORD_LISTS]
    )
    body = StreamField(FaqBodyBlock(), verbose_name=_("categories"))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        HelpPanel(
            content=_(
                "Each category has a heading and questions. Give each answer the date you last "
                "checked it (“Senast granskad”): answers older than the review period are listed "
                "under “FAQ att granska”."
            )
        ),
        FieldPanel("body"),
    ]
    subpage_types: list[str] = []
    template = "rapport_blocks/faq_page.html"
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("FAQ page")
        verbose_name_plural = _("FAQ pages")

    def full_clean(self, *args, **kwargs):
        # save_revision() cleans before it stores the content: every revision has its anchors.
        anchors.ensure(self.body)
        return super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        anchors.ensure(self.body)
        result = super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        # Only a save of the whole row (a publication, an unpublication, a script) changes what is
        # live; a draft save writes bookkeeping fields and must not index the draft's content.
        if update_fields is None or "live" in update_fields:
            search.reindex(self)
        return result

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        faq = present_faq_for_request(self, request)
        query = search.clean_query(request.GET.get("q", ""))
        context.update(faq=faq, json_ld=json_ld_script(faq_json_ld(faq)), query=query)
        if query:
            found = search.page_matches(self, query)
            context["results"] = [
                {"category": category["heading"], **question}
                for category in faq["categories"]
                for question in category["questions"]
                if question["anchor"] in found
            ]
        return context

    @classmethod
    def visible_questions(cls, query: str, root_path: str, page_ids=None) -> list:
        """Matching questions of the FAQ pages the public may see on the site, best first.

        Each entry has `page` (the FaqPage) and `anchor`; restricted, draft, unpublished, expired
        pages and pages of other sites are never among them.
        """
        pages = visibility.visible_pages(cls.objects.all(), root_path)
        if page_ids is not None:
            pages = pages.filter(pk__in=list(page_ids))
        ids = list(pages.values_list("pk", flat=True))
        if not ids:
            return []
        entries = FaqSearchEntry.objects.filter(page_id__in=ids).select_related("page")
        return list(search.matching(entries, query))


class FaqSearchEntry(index.Indexed, models.Model):
    """One published question of an FAQ page, as Wagtail search indexes it.

    Written from the live row whenever the page is published or unpublished (`search.reindex`),
    never from a draft. `search_text` holds the question and answer as Swedish stems, for
    databases whose search knows no Swedish (SQLite); on PostgreSQL the plain text is searched
    with its "swedish" configuration instead.
    """

    page = models.ForeignKey(FaqPage, on_delete=models.CASCADE, related_name="search_entries")
    anchor = models.CharField(max_length=80)
    position = models.PositiveIntegerField()
    question = models.TextField()
    answer_text = models.TextField()
    search_text = models.TextField()

    search_fields = [
        index.SearchField("question"),
        index.SearchField("answer_text"),
        index.SearchField("search_text"),
        index.FilterField("page"),
    ]

    class Meta:
        ordering = ["page", "position"]
        verbose_name = _("FAQ search entry")
        verbose_name_plural = _("FAQ search entries")

    def __str__(self) -> str:
        return self.question
