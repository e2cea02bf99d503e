"""/api/v1/ routes. Each area adds its routes here."""

from django.urls import path  # noqa: F401

from . import articles
from claims.lookups import api as lookups_api
from . import corrections as correction_api

urlpatterns: list = [
    path("articles/", articles.article_list, name="api-article-list"),
    path("articles/<int:pk>/", articles.article_detail, name="api-article-detail"),
    path("article-fetches/<int:pk>/", articles.article_fetch_detail, name="api-article-fetch-detail"),
    path("claims/<int:pk>/edit/", correction_api.claim_edit, name="api-claim-edit"),
    path("claims/<int:pk>/split/", correction_api.claim_split, name="api-claim-split"),
    path("claims/merge/", correction_api.claims_merge, name="api-claims-merge"),
    path("articles/<int:pk>/promote/", correction_api.article_promote, name="api-article-promote"),
    path("lookups/<int:pk>/retry/", lookups_api.lookup_retry_api, name="api-lookup-retry"),
]
