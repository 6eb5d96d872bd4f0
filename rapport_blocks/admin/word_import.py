"""“Importera från Word”: a .docx uploaded to a series, previewed, then created as a draft.

Three steps on one address: the upload form (GET), the preview of what will be created (POST with
the file: sections, item counts, warnings, or every error and nothing created), and the draft
(POST with the preview's token). The file is read once and never kept: the read report travels
from the preview to the creation signed in the form (`text_layout.stored`). The draft is never
published; the editor lands on its comparison with the last published report, the change markers
readers will see.
"""

from __future__ import annotations

from django import forms
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button

from .. import importing
from ..conf import rapport_settings
from ..core import text_layout as layout
from ..core.text_layout import stored
from ..models import RapportIndexPage, RapportPage
from .views import SeriesPageMixin

SIGNING_SALT = "rapport_blocks.word_import"
TOKEN_MAX_AGE = 4 * 60 * 60  # a preview left open over lunch can still be created
DOCX_TYPES = ".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class UploadForm(forms.Form):
    document = forms.FileField(
        label=gettext_lazy("Word document (.docx)"),
        widget=forms.FileInput(attrs={"accept": DOCX_TYPES}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = _("A .docx file of at most %(size)d MB.") % {
            "size": rapport_settings.WORD_MAX_BYTES // (1024 * 1024)
        }


def can_import(series, user) -> bool:
    return series.permissions_for_user(user).can_add_subpage()


def url_for(series) -> str:
    return reverse("rapport_blocks:word_import", args=[series.pk])


def button(page, user, priority: int) -> Button | None:
    """ "Importera från Word" for a series whose reports the user may add."""
    if page.specific_class is not RapportIndexPage or not can_import(page, user):
        return None
    return Button(_("Import from Word"), url_for(page), icon_name="upload", priority=priority)


def _count(bullets) -> tuple[int, int]:
    """How many bullets, and how many levels deep."""
    total, depth = 0, 0
    for bullet in bullets:
        below, levels = _count(bullet.children)
        total, depth = total + 1 + below, max(depth, 1 + levels)
    return total, depth


def describe_items(section: layout.Section) -> str:
    """“7 punkter på 3 nivåer”, “2 åtgärder”: what a section of the preview holds."""
    n = len(section.items)
    if section.kind == layout.BULLETS:
        total, depth = _count(section.items)
        if depth > 1:
            return _("%(count)d bullets on %(levels)d levels") % {"count": total, "levels": depth}
        return ngettext("%(count)d bullet", "%(count)d bullets", total) % {"count": total}
    if section.kind == layout.ACTIONS:
        return ngettext("%(count)d dated action", "%(count)d dated actions", n) % {"count": n}
    if section.kind == layout.LINKS:
        return ngettext("%(count)d link", "%(count)d links", n) % {"count": n}
    if section.kind == layout.PEOPLE:
        return ngettext("%(count)d person", "%(count)d people", n) % {"count": n}
    return ngettext("%(count)d paragraph", "%(count)d paragraphs", n) % {"count": n}


class WordImportView(SeriesPageMixin, WagtailAdminTemplateMixin, View):
    breadcrumb_label = gettext_lazy("Import from Word")
    template_name = "rapport_blocks/admin/word_import.html"
    page_title = gettext_lazy("Import from Word")
    header_icon = "doc-full"

    def dispatch(self, request, series_id: int):
        self.series = get_object_or_404(RapportIndexPage, pk=series_id)
        if not can_import(self.series, request.user):
            raise PermissionDenied
        return super().dispatch(request, series_id=series_id)

    def render(self, **context):
        context.setdefault("form", UploadForm())
        context.update(series=self.series, action_url=url_for(self.series))
        return self.render_to_response(self.get_context_data(**context))

    def get(self, request, *args, **kwargs):
        return self.render()

    def post(self, request, *args, **kwargs):
        if "token" in request.POST:
            return self.create(request.POST["token"])
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form=form)
        upload = form.cleaned_data["document"]
        filename = upload.name
        if upload.size > rapport_settings.WORD_MAX_BYTES:
            return self.render(form=form, errors=[self.too_large(filename)])
        try:
            report = importing.read_report(upload.read(), filename, word_only=True)
            checked = importing.create_report(report, filename=filename, series=self.series, check_only=True)
        except importing.ImportFailed as failure:
            return self.render(form=form, errors=failure.lines(), filename=filename)
        token = signing.dumps(
            {"series": self.series.pk, "filename": filename, "report": stored.to_data(report)},
            salt=SIGNING_SALT,
            compress=True,
        )
        return self.render(
            form=form,
            filename=filename,
            report=report,
            sections=[(section, describe_items(section)) for section in report.sections],
            kinds=_section_labels(),
            warnings=[f"{checked.place(line)}: {message}" for line, message in checked.warnings],
            token=token,
        )

    def create(self, token: str):
        try:
            data = signing.loads(token, salt=SIGNING_SALT, max_age=TOKEN_MAX_AGE)
        except signing.BadSignature:
            messages.error(self.request, _("The preview is too old or not valid: upload the document again."))
            return redirect(url_for(self.series))
        if data["series"] != self.series.pk:
            raise PermissionDenied
        filename = data["filename"]
        try:
            result = importing.create_report(
                stored.from_data(data["report"]),
                filename=filename,
                series=self.series,
                user=self.request.user,
            )
        except importing.ImportFailed as failure:
            return self.render(errors=failure.lines(), filename=filename)
        draft = result.page
        messages.success(
            self.request,
            _(
                "A draft “%(report)s” was created from %(file)s. Below is what changed since the last "
                "published report; edit the draft and submit it for approval."
            )
            % {"report": draft.get_admin_display_title(), "file": filename},
            buttons=[messages.button(reverse("wagtailadmin_pages:edit", args=[draft.pk]), _("Edit"))],
        )
        return redirect("rapport_changes:compare", draft.pk)

    @staticmethod
    def too_large(filename: str) -> str:
        return _("%(file)s is larger than %(size)d MB: not a report.") % {
            "file": filename,
            "size": rapport_settings.WORD_MAX_BYTES // (1024 * 1024),
        }


def _section_labels() -> dict:
    """The section kinds as the admin's block chooser names them (“Punktlista”, …)."""
    stream = RapportPage._meta.get_field("body").stream_block
    return {name: block.label for name, block in stream.child_blocks.items()}
