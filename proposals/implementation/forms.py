from django import forms
from django.utils.translation import gettext_lazy as _

from proposals.implementation.services import (
    MAX_PHOTOS_PER_UPDATE,
)
from proposals.lifecycle import NEXT_IMPLEMENTATION_STAGE
from proposals.models import Stage
from proposals.reviews.forms import SCORE_CHOICES


class InterimAnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Interim answer"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Shown on the idea's page until the decision is published."),
    )


class ImplementationUpdateForm(forms.Form):
    text = forms.CharField(
        label=_("What happened"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    budget_spent = forms.IntegerField(
        label=_("Budget spent so far (KRW)"), required=False, min_value=0
    )
    move_to = forms.ChoiceField(label=_("Stage"), required=False)

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            ("", _("Stay in “%(stage)s”") % {"stage": proposal.get_stage_display()})
        ]
        following = NEXT_IMPLEMENTATION_STAGE.get(proposal.stage)
        if following is not None:
            choices.append(
                (
                    following.value,
                    _("Move on to “%(stage)s”") % {"stage": following.label},
                )
            )
        self.fields["move_to"].choices = choices
        if proposal.stage == Stage.ASSESSMENT:
            self.fields["move_to"].help_text = _(
                "The project can be marked completed once its outcome has at least "
                "one rating."
            )
        for index in range(1, MAX_PHOTOS_PER_UPDATE + 1):
            self.fields[f"photo_{index}"] = forms.ImageField(
                label=_("Photo %(number)d") % {"number": index}, required=False
            )
            self.fields[f"alt_{index}"] = forms.CharField(
                label=_("Description of photo %(number)d") % {"number": index},
                required=False,
                max_length=250,
            )

    def clean(self):
        data = super().clean()
        for index in range(1, MAX_PHOTOS_PER_UPDATE + 1):
            if (
                data.get(f"photo_{index}")
                and not (data.get(f"alt_{index}") or "").strip()
            ):
                self.add_error(
                    f"alt_{index}",
                    _("Describe the photo for people who cannot see it."),
                )
        return data

    def photos(self):
        return [
            (self.cleaned_data[f"photo_{i}"], self.cleaned_data.get(f"alt_{i}", ""))
            for i in range(1, MAX_PHOTOS_PER_UPDATE + 1)
            if self.cleaned_data.get(f"photo_{i}")
        ]


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(
        label=_("Planned date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    done_on = forms.DateField(
        label=_("Reached on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class AssessmentForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating of the outcome"),
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on this page with the result, without your name."),
    )
