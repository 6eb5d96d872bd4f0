"""The admin's "FAQ att granska" view and the dashboard panel that counts the same questions."""

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from . import review
from .links import editable_anchors, faq_page
from .models import FaqPage


class ReviewView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "rapport_blocks/admin/faq_review.html"
    page_title = _("FAQ to review")
    header_icon = "help"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pages = editable_faq_pages(self.request.user)
        context.update(
            questions=review.due_questions(pages),
            days=review.review_days(),
            page_count=len(pages),
        )
        return context


class ReviewPanel(Component):
    """Dashboard: how many FAQ answers are due for review, with the way to the list."""

    name = "faq_review"
    template_name = "rapport_blocks/admin/faq_review_panel.html"
    order = 110

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        pages = editable_faq_pages(self.request.user)
        return {
            "count": len(review.due_questions(pages)) if pages else 0,
            "has_pages": bool(pages),
            "days": review.review_days(),
            "url": reverse("rapport_blocks_faq:review"),
        }

    def render_html(self, parent_context=None):
        if not editable_faq_pages(self.request.user):
            return ""
        return super().render_html(parent_context)


def questions(request, page_id: int):
    """The questions an editor can link to on an FAQ page: [{"anchor", "question"}] (the link picker)."""
    page = get_object_or_404(Page, pk=page_id)
    if faq_page(page) is None or not page.permissions_for_user(request.user).can_view_revisions():
        raise Http404
    return JsonResponse(
        {
            "questions": [
                {"anchor": anchor, "question": question} for anchor, question in editable_anchors(page)
            ]
        }
    )


def editable_faq_pages(user):
    """The FAQ pages this admin user may edit."""
    return [page for page in FaqPage.objects.order_by("path") if page.permissions_for_user(user).can_edit()]
