"""The change log's filters: who, what kind, from and to which day (all optional)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openita.web.audit.models import AuditEvent
from openita.web.audit.sentences import kind_choices, person
from openita.web.dates import ThaiDateField


class LogFilter(forms.Form):
    who = forms.ChoiceField(label=_("Who"), required=False)
    kind = forms.ChoiceField(label=_("What"), required=False)
    # Buddhist-era dates as everywhere on the site ("1 ต.ค. 2568"; openita.web.dates)
    since = ThaiDateField(label=_("From"), required=False)
    until = ThaiDateField(label=_("To"), required=False)

    def __init__(self, *args: Any, events: QuerySet[AuditEvent], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = set(events.values_list("actor_name", flat=True))
        users = {
            u.get_username(): u
            for u in get_user_model()._default_manager.filter(username__in=names)
        }
        people = sorted((name, person(users.get(name), name)) for name in names)
        who: Any = self.fields["who"]
        kind: Any = self.fields["kind"]
        who.choices = [("", _("Everyone")), *sorted(people, key=lambda item: item[1])]
        kind.choices = [
            ("", _("Every kind")),
            *kind_choices(events.values_list("model", flat=True).distinct()),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The last day must not be before the first day."))
        return data

    def apply(self, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        """The events the valid filters keep (an invalid field filters nothing)."""
        data = self.cleaned_data if self.is_bound else {}
        if who := data.get("who"):
            events = events.filter(actor_name=who)
        if kind := data.get("kind"):
            events = events.filter(model=kind)
        zone = timezone.get_current_timezone()
        if since := data.get("since"):
            events = events.filter(at__gte=datetime.combine(since, time.min, zone))
        if until := data.get("until"):
            next_day = datetime.combine(until + timedelta(days=1), time.min, zone)
            events = events.filter(at__lt=next_day)
        return events
