"""Where claims are found: claims, the relations between them, and editors' corrections."""

from django.conf import settings
from django.db import models

from .articles import Article

# A claim the review queue lists: it stands alone, or it is the first claim of its `same` cluster.
QUEUE_VISIBLE = models.Q(cluster__isnull=True) | models.Q(cluster=models.F("id"))


class Claim(models.Model):
    class Status(models.TextChoices):
        NEW = "new"
        RESEARCHING = "researching"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published"
        DISMISSED = "dismissed"

    class Type(models.TextChoices):
        QUANTITY = "quantity"
        QUOTE = "quote"
        EVENT = "event"
        CAUSAL = "causal"
        RULE = "rule"
        PREDICTION = "prediction"
        OPINION = "opinion"
        OTHER = "other"

    class Origin(models.TextChoices):
        EXTRACTED = "extracted"
        PROMOTED = "promoted"
        SPLIT = "split"
        MERGED = "merged"

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="claims")
    text = models.TextField()
    start = models.PositiveIntegerField(
        help_text="Offset of the claim's first character in the article body."
    )
    end = models.PositiveIntegerField(help_text="Offset just past the claim's last character.")
    type = models.CharField(max_length=12, choices=Type.choices, default=Type.OTHER, db_index=True)
    checkworthiness = models.FloatField(default=0.0, db_index=True)
    # Null means the article itself asserts the claim (the API shows null, not "").
    claimant = models.CharField(max_length=200, blank=True, null=True)  # noqa: DJ001
    entities = models.JSONField(default=list, blank=True)
    quantities = models.JSONField(default=list, blank=True)
    dates = models.JSONField(default=list, blank=True)
    signals = models.JSONField(default=list, blank=True, help_text="Why it scored as it did.")
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.EXTRACTED)

    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
    )
    dismissed_reason = models.TextField(blank=True)
    # The first claim of its `same` cluster (null when the claim stands alone), and how many outlets
    # carry the cluster; kept by the matching service so the queue reads them without joins.
    cluster = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outlet_count = models.PositiveIntegerField(default=1)

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    status_changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article_id", "start"]
        indexes = [
            models.Index(fields=["status", "-checkworthiness"], name="claim_queue_idx"),
            models.Index(fields=["assignee", "status"], name="claim_assignee_idx"),
            # The review queue shows each `same` cluster once (QUEUE_VISIBLE). Partial indexes over
            # those rows serve its sorts without a sort step, and pick a page's ids and the capped
            # per-status counts as index-only scans (status, type and assignee are included for
            # the common filters).
            models.Index(
                fields=["-checkworthiness", "id"],
                include=["status", "type", "assignee"],
                condition=QUEUE_VISIBLE,
                name="claim_queue_score_idx",
            ),
            models.Index(
                fields=["status", "-checkworthiness", "id"],
                include=["type", "assignee"],
                condition=QUEUE_VISIBLE,
                name="claim_queue_status_idx",
            ),
            models.Index(
                fields=["-outlet_count", "-checkworthiness", "id"],
                include=["status", "type", "assignee"],
                condition=QUEUE_VISIBLE,
                name="claim_queue_outlets_idx",
            ),
            models.Index(
                fields=["-created_at", "-id"],
                include=["status", "article", "type", "assignee"],
                condition=QUEUE_VISIBLE,
                name="claim_queue_age_idx",
            ),
            # Counting with the assignee or outlet filters: index-only, even when few rows match;
            # one outlet's claims are sorted from the article index alone.
            models.Index(
                fields=["status", "assignee"],
                condition=QUEUE_VISIBLE,
                name="claim_queue_assignee_idx",
            ),
            models.Index(
                fields=["article", "status"],
                include=["created_at", "checkworthiness", "outlet_count", "type", "assignee"],
                condition=QUEUE_VISIBLE,
                name="claim_queue_article_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class ClaimRelation(models.Model):
    """Two claims that say the same thing, overlap, or quote the same speaker differently.

    Stored once per pair with claim_a.id < claim_b.id.
    """

    class Relation(models.TextChoices):
        SAME = "same"
        SIMILAR = "similar"
        QUOTE_DISCREPANCY = "quote_discrepancy", "Quote discrepancy"

    claim_a = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations_as_a")
    claim_b = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations_as_b")
    relation = models.CharField(max_length=20, choices=Relation.choices)
    similarity = models.FloatField()
    detail = models.JSONField(
        default=dict, blank=True, help_text="E.g. the word-by-word quote diff."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["claim_a", "claim_b", "relation"], name="relation_unique_pair"
            ),
            models.CheckConstraint(
                condition=models.Q(claim_a__lt=models.F("claim_b")), name="relation_ordered_pair"
            ),
        ]


class ExtractionCorrection(models.Model):
    """An editor's correction of the extraction, kept as training data."""

    class Action(models.TextChoices):
        SPLIT = "split"
        MERGE = "merge"
        EDIT = "edit"
        DISMISS = "dismiss"
        PROMOTE = "promote"
        RETYPE = "retype"

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="corrections")
    action = models.CharField(max_length=10, choices=Action.choices)
    before = models.JSONField(default=list, blank=True)
    after = models.JSONField(default=list, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
