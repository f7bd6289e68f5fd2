from django import forms
from django.utils.translation import gettext_lazy as _

from oasis.notifications import preferences
from oasis.notifications.models import Channel, Frequency


def field_name(group: str, channel: str) -> str:
    return f"{group}__{channel}"


class PreferencesForm(forms.Form):
    """One fieldset per event group: on this site, email (how often) and SMS."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.sms_available = user.has_verified_phone
        table = preferences.choices_for_user(user)
        self.group_keys = preferences.groups_for(user)
        for group in self.group_keys:
            current = table[group]
            self.fields[field_name(group, Channel.IN_APP)] = forms.BooleanField(
                label=_("Show on this site (the bell)"),
                required=False,
                initial=current[Channel.IN_APP] != Frequency.OFF,
            )
            self.fields[field_name(group, Channel.EMAIL)] = forms.ChoiceField(
                label=_("Email"),
                choices=[
                    (value, Frequency(value).label)
                    for value in preferences.CHOICES[Channel.EMAIL]
                ],
                initial=current[Channel.EMAIL],
            )
            self.fields[field_name(group, Channel.SMS)] = forms.BooleanField(
                label=_("Text message (SMS), at once"),
                required=False,
                initial=current[Channel.SMS] != Frequency.OFF,
                disabled=not self.sms_available,
            )

    def groups(self):
        """(group, label, help, in-app field, email field, sms field) for the template."""
        for group in self.group_keys:
            label, help_text = preferences.GROUPS[group]
            yield {
                "key": group,
                "label": label,
                "help": help_text,
                "in_app": self[field_name(group, Channel.IN_APP)],
                "email": self[field_name(group, Channel.EMAIL)],
                "sms": self[field_name(group, Channel.SMS)],
            }

    def table(self) -> dict[str, dict[str, str]]:
        on_off = {True: Frequency.IMMEDIATE, False: Frequency.OFF}
        data = self.cleaned_data
        table: dict[str, dict[str, str]] = {}
        for group in self.group_keys:
            table[group] = {
                Channel.IN_APP: on_off[data[field_name(group, Channel.IN_APP)]],
                Channel.EMAIL: data[field_name(group, Channel.EMAIL)],
            }
            if self.sms_available:
                table[group][Channel.SMS] = on_off[data[field_name(group, Channel.SMS)]]
        return table
