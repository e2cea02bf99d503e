"""Parsing what the review screens send. The services judge the values; these forms only read them
and carry the services' field errors back to the page."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from ..models import ID_MAX, Claim, Evidence
from .selectors import OPEN_STATUSES, QUEUE_SORTS, QueueFilters


def record_id(value) -> int:
    """A posted id: a whole number a row could have."""
    number = int(value)
    if not 1 <= number <= ID_MAX:
        raise ValueError(f"{value} is not an id")
    return number


STANCE_CHOICES = [("", "—"), *Evidence.Stance.choices]


class QueueFilterForm(forms.Form):
    """The queue's filters, read from the query string so a filtered queue is a shareable URL."""

    status = forms.MultipleChoiceField(choices=Claim.Status.choices, required=False)
    type = forms.ChoiceField(choices=[("", "Any type"), *Claim.Type.choices], required=False)
    outlet = forms.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    assignee = forms.CharField(required=False, max_length=20)
    min_score = forms.FloatField(required=False, min_value=0, max_value=1)
    max_score = forms.FloatField(required=False, min_value=0, max_value=1)
    q = forms.CharField(required=False, max_length=200, strip=True)
    sort = forms.ChoiceField(choices=[(key, key) for key in QUEUE_SORTS], required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=10**9)

    def filters(self) -> QueueFilters:
        """The valid part of the filters; a bad value is ignored (and reported by the form)."""
        data = (
            self.cleaned_data
            if self.is_valid()
            else {
                name: value
                for name, value in getattr(self, "cleaned_data", {}).items()
                if name not in self.errors
            }
        )
        return QueueFilters(
            statuses=data.get("status") or list(OPEN_STATUSES),
            type=data.get("type") or "",
            outlet=data.get("outlet"),
            assignee=data.get("assignee") or "",
            min_score=data.get("min_score"),
            max_score=data.get("max_score"),
            q=data.get("q") or "",
            sort=data.get("sort") or "score",
        )


class ServiceForm(forms.Form):
    """A form whose values a service checks; `add_service_errors` files its ValidationError by field."""

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, messages in error.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)

    def value(self, name: str, default=""):
        return self.cleaned_data.get(name, default) if hasattr(self, "cleaned_data") else default


class EvidenceForm(ServiceForm):
    url = forms.CharField(label="Link", max_length=2000, required=False)
    title = forms.CharField(max_length=500, required=False)
    excerpt = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    stance = forms.ChoiceField(choices=STANCE_CHOICES, required=False)


class StanceForm(ServiceForm):
    stance = forms.CharField(max_length=10, required=False)


class CommentForm(ServiceForm):
    body = forms.CharField(
        label="Comment", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class VerdictForm(ServiceForm):
    rating = forms.CharField(max_length=40, required=False)
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="What is true, in a sentence or two.",
    )
    explanation = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False)


class VerdictEditForm(VerdictForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CorrectionForm(VerdictForm):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class NoteForm(ServiceForm):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReasonForm(ServiceForm):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class AssignForm(ServiceForm):
    assignee = forms.IntegerField(required=False, min_value=1, max_value=ID_MAX)


class BulkForm(ServiceForm):
    """Bulk actions on the queue: the ticked claims, what to do, and who (assign) or why (dismiss)."""

    claims = forms.TypedMultipleChoiceField(coerce=record_id, required=False)
    action = forms.ChoiceField(choices=[("assign", "Assign"), ("dismiss", "Dismiss")])
    assignee = forms.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    reason = forms.CharField(required=False, max_length=2000)
    next = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id is accepted here; the permission-aware fetcher decides which claims exist for this user.
        self.fields["claims"].valid_value = lambda value: True


class ApplyToSameForm(ServiceForm):
    """Apply a published verdict to the ticked `same` claims; the editor confirms in a checkbox."""

    claims = forms.TypedMultipleChoiceField(coerce=record_id, required=False)
    confirm = forms.BooleanField(
        error_messages={
            "required": "Tick the box to confirm: the verdict is published on every ticked claim."
        }
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id is accepted here; the service refuses claims that are not the same claim.
        self.fields["claims"].valid_value = lambda value: True
