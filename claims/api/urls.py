"""/api/v1/ routes. Each area adds its routes here."""

from django.urls import path  # noqa: F401

from . import articles

urlpatterns: list = [
    path("articles/", articles.article_list, name="api-article-list"),
    path("articles/<int:pk>/", articles.article_detail, name="api-article-detail"),
    path("article-fetches/<int:pk>/", articles.article_fetch_detail, name="api-article-fetch-detail"),
]
