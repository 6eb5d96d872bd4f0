from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        label_wagtail_link_choosers()


def label_wagtail_link_choosers():
    """Give the fields of Wagtail's link dialogues translatable labels.

    Wagtail declares "link text", "email address", "subject", "body" and "phone number" without a
    label, so Django shows the field names in English in the rich text editor's link dialogues
    whatever the language. Only labels that are missing are set.
    """
    from wagtail.admin.forms import choosers

    labels = {
        "link_text": _("Link text"),
        "email_address": _("E-mail address"),
        "subject": _("Subject"),
        "body": _("Body"),
        "phone_number": _("Phone number"),
    }
    for form in (
        choosers.ExternalLinkChooserForm,
        choosers.AnchorLinkChooserForm,
        choosers.EmailLinkChooserForm,
        choosers.PhoneLinkChooserForm,
    ):
        for name, field in form.base_fields.items():
            if name in labels and field.label is None:
                field.label = labels[name]
