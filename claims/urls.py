"""Web routes: the desk (staff) and the public pages."""

from django.urls import path  # noqa: F401

from .ingest import views as ingest_views
from .review import views as review_views

urlpatterns: list = [
    path("", review_views.home, name="home"),
    path("articles/", ingest_views.article_list_page, name="article_list"),
    path("articles/new/", ingest_views.article_ingest_page, name="article_ingest"),
    path("articles/fetches/<int:pk>/", ingest_views.article_fetch_status, name="article_fetch_status"),
    path("articles/<int:pk>/", ingest_views.article_detail_page, name="article_detail"),
]
