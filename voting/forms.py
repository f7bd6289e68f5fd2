from django import forms
from django.utils.translation import gettext_lazy as _


class AdvanceForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason"),
        help_text=_(
            "Shown on the proposal page: why the agenda panel sends this idea to "
            "review before it reached its threshold."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
    )
