"""Who hears about what, how and how often: defaults, choices and reading them in bulk.

Mail floods are the most common complaint about peer platforms, so follow-type events
default to a daily digest and only one's own matters arrive at once. SMS is always opt-in.
"""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from oasis.notifications.events import ACCOUNT, FOLLOWING, OWN_CONTENT, REVIEW, STAFF
from oasis.notifications.models import Channel, Frequency, NotificationPreference

GROUPS = {
    OWN_CONTENT: (
        _("My ideas and comments"),
        _("Comments and replies to me, stages and answers of my own ideas."),
    ),
    FOLLOWING: (
        _("Ideas I follow"),
        _("What happens to ideas I follow or agreed with."),
    ),
    REVIEW: (
        _("Reviews"),
        _("Proposals assigned to me for review and reminders before they are due."),
    ),
    STAFF: (
        _("Staff work"),
        _("Overdue answers, offline kiosks and other work waiting for city staff."),
    ),
    ACCOUNT: (
        _("My account"),
        _("Moderation decisions about my content."),
    ),
}

CHOICES: dict[str, list[str]] = {
    Channel.IN_APP: [Frequency.IMMEDIATE, Frequency.OFF],
    Channel.EMAIL: [
        Frequency.IMMEDIATE,
        Frequency.DAILY,
        Frequency.WEEKLY,
        Frequency.OFF,
    ],
    Channel.SMS: [Frequency.IMMEDIATE, Frequency.OFF],
}

DEFAULTS: dict[str, dict[str, str]] = {
    OWN_CONTENT: {Channel.EMAIL: Frequency.IMMEDIATE},
    FOLLOWING: {Channel.EMAIL: Frequency.DAILY},
    REVIEW: {Channel.EMAIL: Frequency.IMMEDIATE},
    STAFF: {Channel.EMAIL: Frequency.IMMEDIATE},
    ACCOUNT: {Channel.EMAIL: Frequency.IMMEDIATE},
}

Choices = dict[str, str]  # channel -> frequency


def groups_for(user) -> list[str]:
    """The groups a person can receive: reviews for reviewers, staff work for staff."""
    return [
        group
        for group in GROUPS
        if (group != REVIEW or user.is_staff or user.is_reviewer)
        and (group != STAFF or user.is_staff)
    ]


def default_for(group: str, channel: str) -> str:
    if channel == Channel.IN_APP:
        return Frequency.IMMEDIATE
    if channel == Channel.SMS:
        return Frequency.OFF
    return DEFAULTS.get(group, {}).get(channel, Frequency.IMMEDIATE)


def defaults(group: str) -> Choices:
    return {channel: default_for(group, channel) for channel in Channel.values}


def choices_for_users(user_ids: Iterable[int], group: str) -> dict[int, Choices]:
    """Every user's channel → frequency for one group, in one query."""
    ids = list(user_ids)
    result = {user_id: defaults(group) for user_id in ids}
    rows = NotificationPreference.objects.filter(
        user_id__in=ids, group=group
    ).values_list("user_id", "channel", "frequency")
    for user_id, channel, frequency in rows:
        if frequency in CHOICES.get(channel, ()):
            result[user_id][channel] = frequency
    return result


def choices_for_users_all(user_ids: Iterable[int]) -> dict[int, dict[str, Choices]]:
    """Every user's whole table (group → channel → frequency), in one query."""
    ids = list(user_ids)
    tables = {user_id: {group: defaults(group) for group in GROUPS} for user_id in ids}
    for user_id, group, channel, frequency in NotificationPreference.objects.filter(
        user_id__in=ids
    ).values_list("user_id", "group", "channel", "frequency"):
        if group in tables[user_id] and frequency in CHOICES.get(channel, ()):
            tables[user_id][group][channel] = frequency
    return tables


def choices_for_user(user) -> dict[str, Choices]:
    """One user's table, group → channel → frequency, in one query."""
    table = {group: defaults(group) for group in GROUPS}
    for group, channel, frequency in NotificationPreference.objects.filter(
        user=user
    ).values_list("group", "channel", "frequency"):
        if group in table and frequency in CHOICES.get(channel, ()):
            table[group][channel] = frequency
    return table
