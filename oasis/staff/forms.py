from django import forms
from django.utils.translation import gettext_lazy as _

from proposals.reviews.models import StakeholderGroup


class AuditFilterForm(forms.Form):
    actor = forms.CharField(
        label=_("Actor"),
        required=False,
        max_length=254,
        help_text=_("Email address, user number, or “system”."),
    )
    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=64,
        help_text=_("A full name such as proposal.transition, or a kind: proposal."),
    )
    target_type = forms.CharField(
        label=_("Target type"),
        required=False,
        max_length=64,
        help_text=_("For example proposals.proposal or kiosks.kiosk."),
    )
    target_id = forms.CharField(label=_("Target number"), required=False, max_length=64)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            raise forms.ValidationError(_("The end date is before the start date."))
        return {
            key: value.strip() if isinstance(value, str) else value
            for key, value in data.items()
        }


class ReviewerGrantForm(forms.Form):
    default_group = forms.ChoiceField(
        label=_("Stakeholder group"), choices=StakeholderGroup.choices
    )
    organisation = forms.CharField(
        label=_("Organisation"), max_length=120, required=False
    )
