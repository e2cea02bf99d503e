"""Django admin for every model.

Claims, evidence, verdicts, lookups and comments are read-only here: changing them goes through the
workflow's services (the desk and the API), which check the rules and write the audit trail. Audit
entries are only ever added to.
"""

from django.contrib import admin

from . import models


class WorkflowReadOnly:
    """Shown for inspection; never changed or deleted from the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "created_at"]
    search_fields = ["name", "domain"]


@admin.register(models.Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "published_at", "created_at"]
    list_filter = ["outlet"]
    search_fields = ["title", "body"]
    readonly_fields = ["content_hash", "created_at"]


@admin.register(models.ArticleFetch)
class ArticleFetchAdmin(admin.ModelAdmin):
    list_display = ["url", "status", "attempts", "created_at"]
    list_filter = ["status"]


@admin.register(models.Claim)
class ClaimAdmin(WorkflowReadOnly, admin.ModelAdmin):
    list_display = ["text", "type", "checkworthiness", "claimant", "status", "assignee", "created_at"]
    list_filter = ["status", "type"]
    search_fields = ["text", "claimant"]
    raw_id_fields = ["article", "cluster"]


@admin.register(models.ClaimRelation)
class ClaimRelationAdmin(WorkflowReadOnly, admin.ModelAdmin):
    list_display = ["claim_a", "claim_b", "relation", "similarity"]
    list_filter = ["relation"]
    raw_id_fields = ["claim_a", "claim_b"]


@admin.register(models.ExtractionCorrection)
class ExtractionCorrectionAdmin(WorkflowReadOnly, admin.ModelAdmin):
    list_display = ["article", "action", "user", "created_at"]
    list_filter = ["action"]


@admin.register(models.Lookup)
class LookupAdmin(WorkflowReadOnly, admin.ModelAdmin):
    list_display = ["claim", "provider", "status", "attempts", "results", "created_at"]
    list_filter = ["status", "provider"]
    raw_id_fields = ["claim"]


@admin.register(models.Evidence)
class EvidenceAdmin(WorkflowReadOnly, admin.ModelAdmin):
    list_display = ["title", "url", "provider", "stance", "suggested_stance", "link_status"]
    list_filter = ["provider", "stance", "link_status"]
    raw_id_fields = ["claim", "lookup"]


@admin.register(models.EvidenceSnapshot)
class EvidenceSnapshotAdmin(WorkflowReadOnly, admin.ModelAdmin):
    list_display = ["evidence", "fetched_at", "http_status", "content_hash"]
    raw_id_fields = ["evidence"]


@admin.register(models.Verdict)
class VerdictAdmin(WorkflowReadOnly, admin.ModelAdmin):
    list_display = ["claim", "version", "rating", "status", "proposed_by", "approved_by", "published_at"]
    list_filter = ["status", "rating"]
    raw_id_fields = ["claim", "corrects"]
    filter_horizontal = ["evidence"]


@admin.register(models.Comment)
class CommentAdmin(WorkflowReadOnly, admin.ModelAdmin):
    list_display = ["claim", "author", "created_at"]
    raw_id_fields = ["claim"]


@admin.register(models.AuditEntry)
class AuditEntryAdmin(WorkflowReadOnly, admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "claim", "verdict"]
    list_filter = ["action"]


@admin.register(models.FactCheck)
class FactCheckAdmin(admin.ModelAdmin):
    list_display = ["claim_reviewed", "publisher_name", "rating", "review_date"]
    search_fields = ["claim_reviewed", "title"]


@admin.register(models.MatchSuggestion)
class MatchSuggestionAdmin(admin.ModelAdmin):
    list_display = ["claim", "verdict", "fact_check", "similarity", "status"]
    raw_id_fields = ["claim", "verdict", "fact_check"]


@admin.register(models.WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["target_url", "events", "active", "created_at"]


@admin.register(models.WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["subscription", "event", "status", "attempts", "response_code", "latency_ms", "created_at"]
    list_filter = ["status", "event"]
    actions = ["redeliver"]

    @admin.action(description="Send the selected deliveries again")
    def redeliver(self, request, queryset):
        from .publishing.webhooks import webhook_redeliver

        for delivery in queryset:
            webhook_redeliver(delivery=delivery, by=request.user)
        self.message_user(request, f"{queryset.count()} deliveries queued again.")
