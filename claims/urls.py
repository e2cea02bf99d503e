"""Web routes: the desk (staff) and the public pages."""

from django.urls import path  # noqa: F401

from .ingest import views as ingest_views
from .lookups import views as lookup_views
from .publishing import views as publishing_views
from .publishing.feeds import VerdictFeed
from .review import correction_views
from .review import views as review_views

urlpatterns: list = [
    path("verdicts/", publishing_views.verdict_index, name="verdict_index"),
    path("verdicts/feed/", VerdictFeed(), name="verdict_feed"),
    path("verdicts/<int:pk>/", publishing_views.verdict_public, name="verdict_public"),
    path("methodology/", publishing_views.methodology, name="methodology"),
    path("", review_views.home, name="home"),
    # The review desk (claims/review/views.py)
    path("queue/", review_views.queue, name="queue"),
    path("queue/take/", review_views.queue_take, name="queue_take"),
    path("queue/bulk/", review_views.queue_bulk, name="queue_bulk"),
    path("claims/<int:pk>/", review_views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/assign/", review_views.claim_assign, name="claim_assign"),
    path("claims/<int:pk>/dismiss/", review_views.claim_dismiss, name="claim_dismiss"),
    path("claims/<int:pk>/reopen/", review_views.claim_reopen, name="claim_reopen"),
    path("claims/<int:pk>/evidence/", review_views.evidence_add, name="evidence_add"),
    path(
        "claims/<int:pk>/evidence/<int:evidence_pk>/remove/",
        review_views.evidence_remove,
        name="evidence_remove",
    ),
    path(
        "claims/<int:pk>/evidence/<int:evidence_pk>/stance/",
        review_views.evidence_confirm_stance,
        name="evidence_confirm_stance",
    ),
    path("claims/<int:pk>/comments/", review_views.comment_add, name="comment_add"),
    path("claims/<int:pk>/verdict/", review_views.verdict_propose, name="verdict_propose"),
    path("desk/verdicts/<int:pk>/edit/", review_views.verdict_edit, name="verdict_edit"),
    path("desk/verdicts/<int:pk>/publish/", review_views.verdict_publish, name="verdict_publish"),
    path(
        "desk/verdicts/<int:pk>/send-back/",
        review_views.verdict_send_back,
        name="verdict_send_back",
    ),
    path("desk/verdicts/<int:pk>/correct/", review_views.verdict_correct, name="verdict_correct"),
    path(
        "desk/verdicts/<int:pk>/unpublish/",
        review_views.verdict_unpublish,
        name="verdict_unpublish",
    ),
    path(
        "desk/verdicts/<int:pk>/apply-to-same/",
        review_views.verdict_apply_to_same,
        name="verdict_apply_to_same",
    ),
    path("inbox/", review_views.inbox, name="inbox"),
    path("dashboard/", review_views.dashboard, name="dashboard"),
    path("articles/", ingest_views.article_list_page, name="article_list"),
    path("articles/new/", ingest_views.article_ingest_page, name="article_ingest"),
    path(
        "articles/fetches/<int:pk>/", ingest_views.article_fetch_status, name="article_fetch_status"
    ),
    path("articles/<int:pk>/", ingest_views.article_detail_page, name="article_detail"),
    # Editors correct the extraction (claims/review/correction_views.py)
    path(
        "articles/<int:pk>/corrections/",
        correction_views.article_corrections,
        name="article_corrections",
    ),
    path(
        "articles/<int:pk>/corrections/promote/",
        correction_views.article_correct_promote,
        name="article_correct_promote",
    ),
    path(
        "articles/<int:pk>/corrections/merge/",
        correction_views.article_correct_merge,
        name="article_correct_merge",
    ),
    path(
        "claims/<int:pk>/corrections/edit/",
        correction_views.claim_correct_edit,
        name="claim_correct_edit",
    ),
    path(
        "claims/<int:pk>/corrections/split/",
        correction_views.claim_correct_split,
        name="claim_correct_split",
    ),
    path(
        "claims/<int:pk>/corrections/dismiss/",
        correction_views.claim_correct_dismiss,
        name="claim_correct_dismiss",
    ),
    # Source lookups (claims/lookups/views.py)
    path("claims/<int:pk>/lookups/", lookup_views.claim_lookups, name="claim_lookups"),
    path("claims/<int:pk>/lookups/run/", lookup_views.claim_lookups_run, name="claim_lookups_run"),
    path("lookups/<int:pk>/retry/", lookup_views.lookup_retry, name="lookup_retry"),
]
