from django import forms
from django.utils.translation import gettext_lazy as _

from oasis.core.images import MAX_IMAGE_BYTES
from oasis.core.models import District
from proposals.models import Category, Comment, Proposal, Report, Stage
from proposals.selectors import (
    ORDERINGS,
    RELEVANCE,
    ProposalFilters,
    stage_filter_choices,
)

IMAGE_ACCEPT = "image/jpeg,image/png,image/webp"


class VersionField(forms.IntegerField):
    """The version of the text a form was made from, sent back with the edit."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=1, **kwargs)


def show_current_version(form, current) -> None:
    """After a refused stale edit, the form keeps the author's text and now carries
    the current version, so that saving the merged text is accepted."""
    form.data = form.data.copy()
    form.data["version"] = current.version


class ProposalForm(forms.ModelForm):
    """The submit and edit form; the template groups the fields into guided steps."""

    class Meta:
        model = Proposal
        fields = [
            "title",
            "summary",
            "problem",
            "solution",
            "benefit",
            "category",
            "district",
            "place_name",
            "language",
        ]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 5}),
            "solution": forms.Textarea(attrs={"rows": 5}),
            "benefit": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "title": _("A short name for your idea, at most 120 characters."),
            "summary": _("One sentence that says what should change."),
            "problem": _("What is wrong today, where and for whom?"),
            "solution": _("What should the city do?"),
            "benefit": _("Who gains, and how? (optional)"),
            "place_name": _("A metro station or an address. (optional)"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Editing: the version this form was made from, checked when saving.
            self.fields["version"] = VersionField(initial=self.instance.version)
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        self.fields["district"].queryset = District.objects.all()
        for name in ("title", "summary", "place_name"):
            self.fields[name].widget.attrs.setdefault("autocomplete", "off")


class ProposalImageForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"),
        required=True,
        help_text=_("JPEG, PNG or WebP, at most 10 MB and 40 megapixels."),
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
    )
    alt_text = forms.CharField(
        label=_("Describe the photo"),
        max_length=250,
        help_text=_(
            "For people who cannot see it, e.g. “A narrow pavement by a bus stop”."
        ),
    )

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image and image.size > MAX_IMAGE_BYTES:
            raise forms.ValidationError(_("An image may be at most 10 MB."))
        return image


class OptionalImageForm(ProposalImageForm):
    """The photo step of the submit form: both fields or neither."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image"].required = False
        self.fields["alt_text"].required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not cleaned.get("alt_text"):
            self.add_error(
                "alt_text", _("Describe the image for people who cannot see it.")
            )
        return cleaned


class CommentForm(forms.ModelForm):
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Comment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}
        labels = {"body": _("Your comment")}


class CommentEditForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}
        labels = {"body": _("Your comment")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = VersionField(initial=self.instance.version)


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["reason", "details"]
        widgets = {"reason": forms.RadioSelect}
        labels = {"details": _("Anything staff should know? (optional)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A reason is chosen by the reporter; no radio button starts out selected.
        self.fields["reason"].choices = Report.Reason.choices


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw it? (optional, shown publicly)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StageForm(forms.Form):
    to = forms.ChoiceField(label=_("New stage"), choices=Stage.choices)
    reason = forms.CharField(
        label=_("Public reason"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("Category"), required=False)
    district = forms.ChoiceField(label=_("District"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    ordering = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args, categories=(), districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["category"].choices = everything + [
            (c.value, c.name) for c in categories
        ]
        self.fields["district"].choices = everything + [
            (d.value, d.name) for d in districts
        ]
        self.fields["stage"].choices = everything + stage_filter_choices()
        self.fields["ordering"].choices = [
            ("", _("Best match or newest")),
            ("-created_at", _("Newest")),
            ("-vote_count", _("Most agreed")),
            ("-comment_count", _("Most discussed")),
            ("trending", _("Trending")),
            (RELEVANCE, _("Best match")),
        ]
        self.fields["q"].widget.attrs.update(
            {"type": "search", "autocomplete": "off", "enterkeyhint": "search"}
        )

    def filters(self) -> ProposalFilters:
        if not self.is_valid():
            data = {
                name: value
                for name, value in self.cleaned_data.items()
                if name not in self.errors
            }
        else:
            data = self.cleaned_data
        ordering = data.get("ordering") or ""
        if ordering not in ORDERINGS and ordering != RELEVANCE:
            ordering = ""
        return ProposalFilters(
            category=data.get("category") or "",
            district=data.get("district") or "",
            stage=data.get("stage") or "",
            q=data.get("q") or "",
            ordering=ordering,
        )
