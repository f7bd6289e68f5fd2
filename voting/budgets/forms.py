from django import forms
from django.utils.translation import gettext_lazy as _

from oasis.core.models import District
from proposals.models import Proposal, Stage
from voting.budgets.models import BudgetRound, Eligibility, Style


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class RoundForm(forms.Form):
    title_ko = forms.CharField(label=_("Title (Korean)"), max_length=120)
    title_en = forms.CharField(
        label=_("Title (English)"), max_length=120, required=False
    )
    description_ko = forms.CharField(
        label=_("Description (Korean)"), widget=forms.Textarea, required=False
    )
    description_en = forms.CharField(
        label=_("Description (English)"), widget=forms.Textarea, required=False
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.all(),
        required=False,
        empty_label=_("Citywide"),
    )
    eligibility = forms.ChoiceField(
        label=_("Who may vote in a district round"), choices=Eligibility.choices
    )
    total = forms.IntegerField(label=_("Total (KRW)"), min_value=1)
    style = forms.ChoiceField(label=_("Voting style"), choices=Style.choices)
    max_choices = forms.IntegerField(
        label=_("Most projects per ballot (approval only)"),
        min_value=1,
        required=False,
    )
    balloting_starts_at = forms.DateTimeField(
        label=_("Balloting starts"), widget=DateTimeInput()
    )
    balloting_ends_at = forms.DateTimeField(
        label=_("Balloting ends"), widget=DateTimeInput()
    )


class AddProjectsForm(forms.Form):
    proposals = forms.ModelMultipleChoiceField(
        label=_("Selected ideas"),
        queryset=Proposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, budget_round: BudgetRound, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = (  # type: ignore[attr-defined]  # a ModelMultipleChoiceField
            Proposal.objects.filter(stage=Stage.SELECTED)
            .exclude(budget_projects__round=budget_round)
            .order_by("-pk")
        )


class CostForm(forms.Form):
    cost = forms.IntegerField(label=_("Cost (KRW)"), min_value=1)
    reason = forms.CharField(label=_("Reason for the change"), max_length=500)
