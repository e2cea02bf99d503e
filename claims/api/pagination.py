"""Pagination: page numbers for desk lists, cursors for feeds (stable under new rows, no COUNT)."""

from rest_framework.pagination import CursorPagination, PageNumberPagination


class DeskPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class VerdictCursorPagination(CursorPagination):
    """Newest first. With ``published=true`` the order is by publication time (a feed); otherwise
    by id, since drafts have no publication time to order by."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_ordering(self, request, queryset, view):
        if str(request.query_params.get("published", "")).lower() in ("true", "1"):
            return ("-published_at", "-id")
        return ("-id",)
