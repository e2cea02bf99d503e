"""The audit trail: who did what, when, and what changed. Entries are only ever added."""

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=60, db_index=True)
    claim = models.ForeignKey("Claim", null=True, blank=True, on_delete=models.PROTECT, related_name="audit")
    article = models.ForeignKey("Article", null=True, blank=True, on_delete=models.PROTECT, related_name="audit")
    verdict = models.ForeignKey("Verdict", null=True, blank=True, on_delete=models.PROTECT, related_name="audit")
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.action} by {self.actor or 'system'}"
