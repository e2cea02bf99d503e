"""Where an article comes in: outlets, articles and pending URL fetches."""

from django.conf import settings
from django.db import models


class Outlet(models.Model):
    name = models.CharField(max_length=200)
    domain = models.CharField(max_length=253, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "domain"], name="outlet_unique_name_domain"),
        ]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    title = models.CharField(max_length=500, blank=True)
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.PROTECT, related_name="articles")
    byline = models.CharField(max_length=300, blank=True, help_text="Author or agency line.")
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    source_url = models.URLField(max_length=2000, blank=True)
    body = models.TextField(help_text="The cleaned article text; claim offsets point into it.")
    captions = models.JSONField(default=list, blank=True, help_text="Photo captions with their credits.")
    sentences = models.JSONField(
        default=list, blank=True, help_text="Every sentence: start, end, checkworthiness, type."
    )
    content_hash = models.CharField(max_length=64, unique=True, help_text="Hash of the normalised body.")
    language = models.CharField(max_length=12, default="en")
    ingested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title or f"Article {self.pk}"


class ArticleFetch(models.Model):
    """A URL someone asked us to ingest; fetched by a Celery task, kept so nothing is lost."""

    class Status(models.TextChoices):
        PENDING = "pending"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    url = models.URLField(max_length=2000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    options = models.JSONField(default=dict, blank=True, help_text="title, outlet, published_at given with the URL.")
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dispatched_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.url
