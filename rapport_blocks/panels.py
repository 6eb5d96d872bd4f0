"""Edit-view panels of a report."""

from wagtail.admin.panels import Panel

from .publishing_checks import check_report, previous_published


class PublishingChecksPanel(Panel):
    """“Kontroller före publicering”: the findings of `publishing_checks` for the draft being edited.

    A panel of the edit form, so the approver, who reviews in the same view, sees it too.
    """

    @property
    def clean_name(self):
        return super().clean_name or "publishing_checks"

    class BoundPanel(Panel.BoundPanel):
        template_name = "rapport_blocks/admin/publishing_checks_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            report = self.instance
            if report.pk is None:
                context["findings"] = check_report(report)
            else:
                context["findings"] = check_report(report, previous_published(report))
            return context
