"""Web routes: the desk (staff) and the public pages."""

from django.urls import path  # noqa: F401

from .review import views as review_views

urlpatterns: list = [
    path("", review_views.home, name="home"),
]
