"""Fact-checks from elsewhere (imported ClaimReview) and "already checked" suggestions."""

from django.conf import settings
from django.db import models

from .claims import Claim


class FactCheck(models.Model):
    """A published fact-check imported from a ClaimReview feed or the benchmark's vclaims file."""

    claim_reviewed = models.TextField()
    claimant = models.CharField(max_length=300, blank=True)
    claim_date = models.DateField(null=True, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    title = models.TextField(blank=True)
    publisher_name = models.CharField(max_length=200, blank=True)
    publisher_site = models.CharField(max_length=253, blank=True)
    rating = models.CharField(max_length=200, blank=True, help_text="The textual rating.")
    review_date = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=12, blank=True)
    source = models.CharField(max_length=20, default="claimreview")
    source_key = models.CharField(max_length=64, unique=True, help_text="Makes re-imports idempotent.")
    imported_at = models.DateTimeField(auto_now_add=True)


class MatchSuggestion(models.Model):
    """A claim that looks already fact-checked, waiting for a person to confirm or reject."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested"
        CONFIRMED = "confirmed"
        REJECTED = "rejected"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="match_suggestions")
    verdict = models.ForeignKey("Verdict", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    fact_check = models.ForeignKey(FactCheck, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUGGESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["claim", "verdict"], name="suggestion_unique_verdict"),
            models.UniqueConstraint(fields=["claim", "fact_check"], name="suggestion_unique_factcheck"),
        ]
