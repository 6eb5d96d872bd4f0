"""Wagtail's login form with a translatable password label.

Wagtail's LoginForm declares `password` without a label, so Django shows the field name,
"Password", in English whatever the language.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"placeholder": _("Enter password")}),
        strip=False,
    )
