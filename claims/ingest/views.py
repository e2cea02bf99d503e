"""Web pages of the ingest stage: add an article (text, file or URL) and read one with its claims."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from claims.ingest.highlight import body_segments
from claims.ingest.services import article_fetch_outcome, article_fetch_request, article_ingest
from claims.ingest.validation import ArticleRejected
from claims.models import ArticleFetch
from claims.permissions import articles_for, get_article_for, require_staff

OPTION_FIELDS = ("title", "outlet", "published_at", "source_url")


@login_required
def article_ingest_page(request):
    """GET: the form. POST: ingest pasted text, an uploaded file or a URL, then go to the article."""
    require_staff(request.user)
    values = {name: request.POST.get(name, "") for name in ("text", "url", *OPTION_FIELDS)}
    error = None
    if request.method == "POST":
        options = {name: values[name].strip() for name in OPTION_FIELDS if values[name].strip()}
        upload = request.FILES.get("file")
        try:
            if values["url"].strip() and not values["text"].strip() and upload is None:
                fetch = article_fetch_request(url=values["url"], user=request.user, options=options)
                return _after_fetch(request, fetch)
            given = [bool(values["text"].strip()), upload is not None, bool(values["url"].strip())]
            if sum(given) > 1:
                raise ArticleRejected(
                    "Paste the text, upload a file or give a web address — only one of them.",
                    code="one_input",
                )
            given_text = values["text"] if upload is None else None
            article = article_ingest(text=given_text, file=upload, user=request.user, **options)
        except ArticleRejected as rejected:
            error = rejected
        else:
            if getattr(article, "created_now", True):
                messages.success(request, f"Article added with {article.claims.count()} claims.")
            else:
                messages.info(request, "This article was already on the desk; here it is.")
            return _go(request, reverse("article_detail", args=[article.pk]))

    context = {"values": values, "error": error}
    template = "claims/ingest.html#ingest-form" if request.htmx else "claims/ingest.html"
    return render(request, template, context, status=400 if error else 200)


def _go(request, url: str):
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _after_fetch(request, fetch: ArticleFetch):
    article = article_fetch_outcome(fetch)  # a failed fetch raises ArticleRejected
    if article is not None:
        messages.success(request, "Article fetched and added.")
        return _go(request, reverse("article_detail", args=[article.pk]))
    return _go(request, reverse("article_fetch_status", args=[fetch.pk]))


@login_required
def article_fetch_status(request, pk: int):
    """A URL being fetched; polls itself (htmx) or reloads (without JS) until it is done."""
    require_staff(request.user)
    fetch = get_object_or_404(ArticleFetch, pk=pk)
    if fetch.status == ArticleFetch.Status.DONE and fetch.article_id:
        return _go(request, reverse("article_detail", args=[fetch.article_id]))
    template = (
        "claims/ingest_fetch.html#fetch-status" if request.htmx else "claims/ingest_fetch.html"
    )
    return render(request, template, {"fetch": fetch})


@login_required
def article_list_page(request):
    require_staff(request.user)
    articles = (
        articles_for(request.user)
        .select_related("outlet")
        .annotate(claim_count=Count("claims"))
        .order_by("-created_at", "-id")[:200]
    )
    return render(request, "claims/article_list.html", {"articles": articles})


@login_required
def article_detail_page(request, pk: int):
    """The article with its claims marked in the body; captions and metadata beside it."""
    article = get_article_for(request.user, pk)
    claims = list(article.claims.order_by("start", "id"))
    return render(
        request,
        "claims/article_detail.html",
        {
            "article": article,
            "claims": claims,
            "segments": body_segments(article.body, claims, article.sentences or []),
        },
    )
