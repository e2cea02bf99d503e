"""Where lookups run: background source lookups, the evidence they find, and evidence snapshots."""

from django.conf import settings
from django.db import models

from .claims import Claim


class Lookup(models.Model):
    """One provider searched for one claim. Recorded before dispatch so nothing is lost."""

    class Status(models.TextChoices):
        PENDING = "pending"  # recorded, not yet handed to the broker
        QUEUED = "queued"  # handed to the broker
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="lookups")
    provider = models.CharField(max_length=40)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, help_text="Why it failed, in a sentence a person can read.")
    results = models.PositiveIntegerField(default=0, help_text="Evidence links this lookup found.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dispatched_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "dispatched_at"], name="lookup_sweep_idx")]


class Evidence(models.Model):
    """A link that supports, refutes or gives context to a claim. One row per (claim, url)."""

    class Stance(models.TextChoices):
        SUPPORTS = "supports"
        REFUTES = "refutes"
        CONTEXT = "context"

    class LinkStatus(models.TextChoices):
        UNCHECKED = "unchecked"
        OK = "ok"
        CHANGED = "changed"
        DEAD = "dead"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(max_length=2000)
    title = models.CharField(max_length=500, blank=True)
    excerpt = models.TextField(blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    provider = models.CharField(max_length=40, blank=True, help_text="Empty when a person added it.")
    lookup = models.ForeignKey(Lookup, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence")
    relevance = models.FloatField(null=True, blank=True)
    suggested_stance = models.CharField(max_length=10, choices=Stance.choices, blank=True)
    stance = models.CharField(max_length=10, choices=Stance.choices, blank=True, help_text="Confirmed by a person.")
    stance_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Removing evidence hides it; the row stays so a published verdict's evidence never disappears.
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    link_status = models.CharField(max_length=10, choices=LinkStatus.choices, default=LinkStatus.UNCHECKED)
    link_checked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-relevance", "created_at"]
        verbose_name_plural = "evidence"
        constraints = [models.UniqueConstraint(fields=["claim", "url"], name="evidence_unique_url_per_claim")]

    def __str__(self) -> str:
        return self.title or self.url


class EvidenceSnapshot(models.Model):
    """What an evidence page said when we fetched it, so a verdict survives link rot."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="snapshots")
    fetched_at = models.DateTimeField(auto_now_add=True)
    http_status = models.PositiveIntegerField(null=True, blank=True)
    title = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-fetched_at"]
