from django import forms
from django.utils.translation import gettext_lazy as _


class EnrollForm(forms.Form):
    code = forms.CharField(
        label=_("Enrollment code"),
        max_length=40,
        help_text=_("The one-time code from the staff screen, e.g. ABCD-EFGH-JKLM."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )
