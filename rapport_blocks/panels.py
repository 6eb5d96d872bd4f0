"""Edit-view panels of a report that show what is worked out elsewhere (`changes`, `publishing_checks`).

In the edit form itself, not only behind the header's "⋯" menu: the editor and the approver both
open the edit view, and this is what they check before submitting and approving. Layer 2, beside
`models`: Wagtail reads the panels off the page class (`RapportPage.content_panels`), so they may
use the rules below but not the admin's views above (the comparison view is reached by its URL name).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from .rules import presentation
from .rules.changes import previous_report
from .rules.publishing_checks import check_report


class ChangesPanel(Panel):
    """What changed since the previous published report, and the way to the comparison view.

    It counts the saved latest revision (the form's instance), not unsaved typing.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Changes since the previous report"))
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "changes"

    class BoundPanel(Panel.BoundPanel):
        template_name = "rapport_blocks/admin/changes_panel.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk) and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            base_url = presentation.report_base_url(page, request=self.request)
            data = presentation.present(page, base_url=base_url)
            compare_url = reverse("rapport_changes:compare", args=[page.pk])
            context.update(changes=data["changes"], compare_url=compare_url)
            context["first_report"] = data["changes"]["compared_with"] is None
            return context


class PublishingChecksPanel(Panel):
    """“Kontroller före publicering”: the findings of `publishing_checks` for the draft being edited."""

    @property
    def clean_name(self):
        return super().clean_name or "publishing_checks"

    class BoundPanel(Panel.BoundPanel):
        template_name = "rapport_blocks/admin/publishing_checks_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            report = self.instance
            context["findings"] = check_report(report, previous_report(report) if report.pk else None)
            return context
