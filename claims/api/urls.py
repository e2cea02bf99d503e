"""/api/v1/ routes. Each area adds its routes here."""

from django.urls import path  # noqa: F401

from claims.lookups import api as lookups_api
from claims.matching import api as matching_api

from . import articles, reference, search, verdicts
from . import claims as claim_api
from . import corrections as correction_api
from . import webhooks as webhook_api

urlpatterns: list = [
    path("articles/", articles.article_list, name="api-article-list"),
    path("articles/<int:pk>/", articles.article_detail, name="api-article-detail"),
    path(
        "article-fetches/<int:pk>/", articles.article_fetch_detail, name="api-article-fetch-detail"
    ),
    path("claims/<int:pk>/edit/", correction_api.claim_edit, name="api-claim-edit"),
    path("claims/<int:pk>/split/", correction_api.claim_split, name="api-claim-split"),
    path("claims/merge/", correction_api.claims_merge, name="api-claims-merge"),
    path("articles/<int:pk>/promote/", correction_api.article_promote, name="api-article-promote"),
    path("claims/<int:pk>/related/", matching_api.claim_related, name="api-claim-related"),
    path("lookups/<int:pk>/retry/", lookups_api.lookup_retry_api, name="api-lookup-retry"),
    # Claims and the desk's actions on them (publishing area).
    path("claims/", claim_api.ClaimList.as_view(), name="api-claim-list"),
    path("claims:search", search.claims_search, name="api-claims-search"),
    path("claims/take-next/", claim_api.claim_take_next, name="api-claim-take-next"),
    path("claims/<int:pk>/", claim_api.claim_detail, name="api-claim-detail"),
    path("claims/<int:pk>/assign/", claim_api.claim_assign, name="api-claim-assign"),
    path("claims/<int:pk>/dismiss/", claim_api.claim_dismiss, name="api-claim-dismiss"),
    path("claims/<int:pk>/reopen/", claim_api.claim_reopen, name="api-claim-reopen"),
    path("claims/bulk-assign/", claim_api.claims_bulk_assign, name="api-claims-bulk-assign"),
    path("claims/bulk-dismiss/", claim_api.claims_bulk_dismiss, name="api-claims-bulk-dismiss"),
    path("claims/<int:pk>/evidence/", claim_api.claim_evidence, name="api-claim-evidence"),
    path("claims/<int:pk>/comments/", claim_api.claim_comments, name="api-claim-comments"),
    path("claims/<int:pk>/lookups/", lookups_api.claim_lookups_api, name="api-claim-lookups"),
    path("claims/<int:pk>/verdicts/", claim_api.claim_verdicts, name="api-claim-verdicts"),
    path("evidence/", claim_api.EvidenceList.as_view(), name="api-evidence-list"),
    path("evidence/<int:pk>/remove/", claim_api.evidence_remove, name="api-evidence-remove"),
    path("evidence/<int:pk>/stance/", claim_api.evidence_stance, name="api-evidence-stance"),
    path("comments/", claim_api.CommentList.as_view(), name="api-comment-list"),
    path("lookups/", claim_api.LookupList.as_view(), name="api-lookup-list"),
    path("relations/", claim_api.RelationList.as_view(), name="api-relation-list"),
    # Verdicts.
    path("verdicts/", verdicts.VerdictList.as_view(), name="api-verdict-list"),
    path("verdicts/<int:pk>/", verdicts.VerdictDetail.as_view(), name="api-verdict-detail"),
    path(
        "verdicts/<int:pk>/claimreview/",
        verdicts.verdict_claimreview,
        name="api-verdict-claimreview",
    ),
    path("verdicts/<int:pk>/publish/", verdicts.verdict_publish, name="api-verdict-publish"),
    path("verdicts/<int:pk>/send-back/", verdicts.verdict_send_back, name="api-verdict-send-back"),
    path("verdicts/<int:pk>/correct/", verdicts.verdict_correct, name="api-verdict-correct"),
    path("verdicts/<int:pk>/unpublish/", verdicts.verdict_unpublish, name="api-verdict-unpublish"),
    path(
        "verdicts/<int:pk>/apply-to-same/",
        verdicts.verdict_apply_to_same,
        name="api-verdict-apply-to-same",
    ),
    # Reference data and webhooks.
    path("ratings/", reference.rating_scale, name="api-rating-scale"),
    path("outlets/", reference.OutletList.as_view(), name="api-outlet-list"),
    path("webhooks/", webhook_api.subscription_list, name="api-webhook-list"),
    path("webhooks/<int:pk>/", webhook_api.subscription_detail, name="api-webhook-detail"),
    path(
        "webhooks/<int:pk>/deliveries/",
        webhook_api.DeliveryList.as_view(),
        name="api-webhook-deliveries",
    ),
    path(
        "webhooks/<int:pk>/deliveries/<int:delivery_pk>/redeliver/",
        webhook_api.delivery_redeliver,
        name="api-webhook-redeliver",
    ),
]
