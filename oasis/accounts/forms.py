from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from oasis.core.models import District


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form gains: a name to show and consent (PIPA)."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        required=False,
        help_text=_("Shown next to your ideas and comments. You may leave it empty."),
    )
    privacy_consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree to the collection and use of my data."
        ),
        required=True,
        error_messages={
            "required": _("You must agree to the privacy notice to sign up.")
        },
    )

    def signup(self, request, user):
        from oasis.accounts.services import user_record_consent

        user.display_name = self.cleaned_data.get("display_name", "")
        user.preferred_language = (request.LANGUAGE_CODE or "ko")[:2]
        user.save(update_fields=["display_name", "preferred_language"])
        user_record_consent(user=user)


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"), max_length=60, required=False
    )
    home_district = forms.ModelChoiceField(
        label=_("Home district"), queryset=District.objects.all(), required=False
    )
    preferred_language = forms.ChoiceField(
        label=_("Language"), choices=settings.LANGUAGES
    )


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("Mobile phone number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )


class PhoneCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("6-digit code"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the 6 digits from the text message.")},
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "maxlength": 6,
            }
        ),
    )


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account will be deleted and cannot be restored."),
        required=True,
    )
