from wagtail.admin.forms import WagtailAdminPageForm


class RapportPageForm(WagtailAdminPageForm):
    """Names a new report after its compiled date (2025-05-27, then 2025-05-27-2 the same day)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "Skicka uppdatering" belongs to one revision: once that revision is published, the next
        # edit starts unticked, so a plain republish never mails again. A pending draft keeps its choice.
        if "send_update" in self.fields and not self.instance.has_unpublished_changes:
            self.initial["send_update"] = False

    def clean(self):
        compiled_at = self.cleaned_data.get("compiled_at")
        if self.instance.pk is None and compiled_at and self.parent_page is not None:
            self.instance.compiled_at = compiled_at
            self.cleaned_data["slug"] = self.instance.unique_slug_under(self.parent_page)
        return super().clean()
