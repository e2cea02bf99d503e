"""Where people review: verdicts (versioned) and comments."""

from django.conf import settings
from django.db import models

from .claims import Claim


class Verdict(models.Model):
    """A rating of a claim. Published versions are frozen; a correction creates the next version."""

    class Status(models.TextChoices):
        PROPOSED = "proposed"
        SENT_BACK = "sent_back", "Sent back"
        PUBLISHED = "published"
        SUPERSEDED = "superseded"  # a published version later corrected
        UNPUBLISHED = "unpublished"

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="verdicts")
    version = models.PositiveIntegerField(default=1)
    rating = models.CharField(max_length=40, help_text="A rating key from the configured scale.")
    summary = models.TextField(help_text="What is true.")
    explanation = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED, db_index=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    send_back_note = models.TextField(blank=True)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    correction_note = models.TextField(blank=True)
    # Set when an editor applied a published verdict on a `same` claim (another outlet's wording)
    # to this claim: the copy says where it came from.
    applied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="applied_to"
    )
    unpublished_reason = models.TextField(blank=True)
    unpublished_at = models.DateTimeField(null=True, blank=True)
    # Optimistic locking: every save bumps it; a save carrying an older number is refused.
    lock_version = models.PositiveIntegerField(default=1)
    evidence = models.ManyToManyField("Evidence", blank=True, related_name="verdicts")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["claim_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "version"], name="verdict_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.rating} (v{self.version})"


class Comment(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
