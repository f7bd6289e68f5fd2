from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from proposals.reviews.models import (
    MIN_REVIEWERS_PER_PROPOSAL,
    SCORE_MAX,
    SCORE_MIN,
    TOO_FEW_REVIEWERS,
    Decision,
    ReviewRound,
    StakeholderGroup,
)
from proposals.reviews.services.costs import MAX_COST_ESTIMATE

if TYPE_CHECKING:
    from oasis.accounts.models import User
    from proposals.models import Proposal

SCORE_CHOICES = [(value, str(value)) for value in range(SCORE_MIN, SCORE_MAX + 1)]


class ScoreForm(forms.Form):
    """One radio group per criterion (rendered by the template with its descriptors)."""

    comment_to_staff = forms.CharField(
        label=_("Comment to staff"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only city staff read this."),
    )
    public_remark = forms.CharField(
        label=_("Public remark (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("May be shown with the published answer, without your name."),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[self.field_name(criterion)] = forms.TypedChoiceField(
                label=criterion.name,
                choices=SCORE_CHOICES,
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
            )

    @staticmethod
    def field_name(criterion) -> str:
        return f"criterion_{criterion.pk}"

    def values(self) -> dict[int, int | None]:
        return {
            criterion.pk: self.cleaned_data.get(self.field_name(criterion))
            for criterion in self.criteria
        }

    def rubric(self):
        """(criterion, bound field, [(value, descriptor, checked)]) for the template."""
        rows = []
        for criterion in self.criteria:
            bound = self[self.field_name(criterion)]
            current = str(bound.value() or "")
            options = [
                (value, criterion.descriptor(value), current == str(value))
                for value in range(SCORE_MIN, SCORE_MAX + 1)
            ]
            rows.append((criterion, bound, options))
        return rows


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (optional, only staff read it)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RoundForm(forms.ModelForm):
    reviewers_per_proposal = forms.IntegerField(
        label=_("Reviewers per idea"),
        initial=MIN_REVIEWERS_PER_PROPOSAL,
        min_value=MIN_REVIEWERS_PER_PROPOSAL,
        error_messages={"min_value": TOO_FEW_REVIEWERS},
        help_text=_("At least three, from at least two stakeholder groups."),
    )

    class Meta:
        model = ReviewRound
        fields = [
            "name",
            "description",
            "starts_on",
            "ends_on",
            "is_blind",
            "budget_cap",
            "reviewers_per_proposal",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean()
        if (
            data.get("starts_on")
            and data.get("ends_on")
            and data["ends_on"] < data["starts_on"]
        ):
            self.add_error("ends_on", _("The deadline cannot be before the start."))
        return data


class AddProposalsForm(forms.Form):
    proposals: "forms.ModelMultipleChoiceField[Proposal]" = (
        forms.ModelMultipleChoiceField(
            label=_("Ideas in review"),
            queryset=None,
            widget=forms.CheckboxSelectMultiple,
        )
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = candidates


class AddReviewerForm(forms.Form):
    reviewer: "forms.ModelChoiceField[User]" = forms.ModelChoiceField(
        label=_("Reviewer"), queryset=None
    )
    group = forms.ChoiceField(
        label=_("Stakeholder group"),
        required=False,
        choices=[("", _("Their default group")), *StakeholderGroup.choices],
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = candidates
        self.fields["reviewer"].label_from_instance = lambda user: (
            f"{user.public_name} ({user.email or user.pk})"
        )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=Decision.Outcome.choices, widget=forms.RadioSelect
    )
    rationale = forms.CharField(
        label=_("Public rationale"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Published on the idea's page when the round is published."),
    )
    department = forms.CharField(
        label=_("Responsible department"),
        required=False,
        max_length=120,
        help_text=_("Required for selected ideas."),
    )
    budget = forms.IntegerField(
        label=_("Budget (KRW)"),
        required=False,
        min_value=0,
        max_value=MAX_COST_ESTIMATE,
        help_text=_("Counted against the round's budget cap."),
    )
    cost_estimate = forms.IntegerField(
        label=_("Cost estimate (KRW)"),
        required=False,
        min_value=0,
        max_value=MAX_COST_ESTIMATE,
        help_text=_(
            "Used by the ranking's budget cap; it can also be edited on the ranking."
        ),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("outcome") == Decision.Outcome.SELECTED
            and not (data.get("department") or "").strip()
        ):
            self.add_error(
                "department", _("Name the department responsible for a selected idea.")
            )
        return data


class CostEstimatesForm(forms.Form):
    """One cost estimate per idea of the round, edited on the ranking page. The inputs
    sit in the ranking table and join the form through their `form` attribute."""

    FORM_ID = "cost-estimates"

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = list(entries)
        for entry in self.entries:
            self.fields[self.field_name(entry.proposal_id)] = forms.IntegerField(
                label=_("Cost estimate of “%(title)s” (KRW)")
                % {"title": entry.proposal.title},
                required=False,
                min_value=0,
                max_value=MAX_COST_ESTIMATE,
                initial=entry.cost_estimate,
                widget=forms.NumberInput(
                    attrs={"form": self.FORM_ID, "class": "cost-input", "step": 1}
                ),
            )

    @staticmethod
    def field_name(proposal_id: int) -> str:
        return f"cost_{proposal_id}"

    def bound_fields(self) -> dict[int, forms.BoundField]:
        """proposal id → bound field, for the ranking rows."""
        return {
            entry.proposal_id: self[self.field_name(entry.proposal_id)]
            for entry in self.entries
        }

    def estimates(self) -> dict[int, int | None]:
        return {
            entry.proposal_id: self.cleaned_data.get(self.field_name(entry.proposal_id))
            for entry in self.entries
        }


class ScoreCorrectionForm(forms.Form):
    value = forms.TypedChoiceField(
        label=_("Corrected score"), choices=SCORE_CHOICES, coerce=int
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)
