"""Filter pieces shared by the API's lists."""

import datetime

import django_filters
from django import forms
from django_filters.fields import IsoDateTimeField

from ..models import ID_MAX  # a larger id is a 400 field error, not a database overflow


class IdFilter(django_filters.NumberFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        kwargs.setdefault("decimal_places", 0)
        super().__init__(*args, **kwargs)


class DeskFilterSet(django_filters.FilterSet):
    """A FilterSet that builds its form class once per class instead of on every request."""

    def get_form_class(self):
        cls = type(self)
        form_class = cls.__dict__.get("_cached_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            cls._cached_form_class = form_class
        return form_class


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 moment, turned into UTC before it reaches the database: PostgreSQL refuses UTC
    offsets beyond ±15:59, which ISO 8601 (and Python) allow."""

    def clean(self, value):
        moment = super().clean(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC)
        except OverflowError:
            raise forms.ValidationError("Enter a date and time between the years 1 and 9999.") from None


class MomentFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField
