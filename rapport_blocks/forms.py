from wagtail.admin.forms import WagtailAdminPageForm


class RapportPageForm(WagtailAdminPageForm):
    """Names a new report after its compiled date (2025-05-27, then 2025-05-27-2 the same day)."""

    def clean(self):
        compiled_at = self.cleaned_data.get("compiled_at")
        if self.instance.pk is None and compiled_at and self.parent_page is not None:
            self.instance.compiled_at = compiled_at
            self.cleaned_data["slug"] = self.instance.unique_slug_under(self.parent_page)
        return super().clean()
