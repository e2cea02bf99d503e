"""Where an article comes in: the services that turn input into a saved Article with claims.

``article_ingest`` is the contract every entry point uses (web form, API, ``manage.py ingest``,
the URL-fetch task, the demo loader): text, HTML, an uploaded file or a URL in; a saved
``Article`` with its outlet, sentences and claims out, in one transaction, audited. The same
article twice returns the first one (matched on a normalised content hash).

``article_fetch_request`` records a URL to ingest as a pending ``ArticleFetch`` and hands it to
a Celery task (which runs inline when ``CELERY_TASK_ALWAYS_EAGER``); ``article_fetch_run`` is
what that task calls.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from claims.audit import audit_record
from claims.ingest.fetch import ARTICLE_TYPES, HTML_TYPES, FetchError, guarded_fetch
from claims.ingest.html import parse_html
from claims.ingest.text import (
    ParsedArticle,
    fallback_title,
    outlet_name_for,
    parse_date,
    parse_text,
)
from claims.ingest.validation import (
    ArticleRejected,
    check_length,
    check_not_binary,
    check_not_empty,
    content_hash,
    decode_bytes,
    max_article_chars,
    upload_kind,
)
from claims.lookups.services import lookups_schedule_for_article
from claims.models import Article, ArticleFetch, Outlet

logger = logging.getLogger(__name__)

FETCH_OPTIONS = ("title", "outlet", "published_at", "source_url")
FIELD_LIMITS = {"title": 500, "byline": 300, "source_url": 2000}


def article_ingest(
    *,
    text: str | None = None,
    html: str | None = None,
    url: str | None = None,
    file=None,
    title: str | None = None,
    outlet: str | None = None,
    published_at: str | date | datetime | None = None,
    source_url: str | None = None,
    user=None,
) -> Article:
    """Save one article from exactly one of ``text``, ``html``, ``url`` or ``file``.

    ``file`` is an uploaded file (``.name`` and ``.read()``) or raw bytes. ``title``, ``outlet``
    (a name), ``published_at`` and ``source_url`` override what is found in the input.
    Returns the new article — or, when the same body was ingested before, the existing one;
    ``article.created_now`` tells which. Raises ``ArticleRejected`` (nothing saved) for input
    that cannot become an article, including a URL that cannot be fetched.
    """
    given = [
        name
        for name, value in (("text", text), ("html", html), ("url", url), ("file", file))
        if value is not None
    ]
    if len(given) != 1:
        raise ArticleRejected(
            "Give the article in one way: its text, its HTML, a file or a URL.",
            code="one_input",
        )
    parsed, field, origin = _parse_input(text=text, html=html, url=url, file=file)
    check_not_empty(parsed.body, field=field)
    check_length(parsed.body, field=field)
    when = (
        _published_at(published_at)
        if published_at not in (None, "")
        else _as_datetime(parsed.published_at)
    )
    source = (source_url or "").strip() or parsed.source_url or (url or "")
    _check_source_url(source)
    digest = content_hash(parsed.body)

    with transaction.atomic():
        existing = _article_with_hash(digest)
        if existing is not None:
            return _with_origin(existing, created=False)
        article = Article(
            title=_clip(
                (title or "").strip() or parsed.title or fallback_title(parsed.body), "title"
            ),
            outlet=_outlet_for(
                name=(outlet or "").strip() or parsed.outlet_name,
                domain=parsed.outlet_domain or _domain_of(source),
                byline=parsed.byline,
            ),
            byline=_clip(parsed.byline, "byline"),
            published_at=when,
            source_url=source,
            body=parsed.body,
            captions=[caption.as_dict() for caption in parsed.captions],
            content_hash=digest,
            ingested_by=user if getattr(user, "is_authenticated", False) else None,
        )
        try:
            # A savepoint, so a concurrent ingest of the same body loses cleanly to the
            # unique constraint and gets the winner's article.
            with transaction.atomic():
                article.save()
        except IntegrityError:
            existing = Article.objects.filter(content_hash=digest).first()
            if existing is None:
                raise
            return _with_origin(existing, created=False)

        from claims.extraction.services import claims_extract_for_article

        claims = claims_extract_for_article(article=article)
        audit_record(
            actor=user,
            action="article.ingested",
            article=article,
            changes={
                "input": origin,
                "content_hash": digest,
                "claims": len(claims) if claims is not None else article.claims.count(),
                "captions": len(article.captions),
                **({"summary": parsed.summary} if parsed.summary else {}),
            },
        )
        # Follow-up work for the new claims (lookups, matching, webhooks) is scheduled here.
        lookups_schedule_for_article(article=article, requested_by=user)
        from claims.matching.services import relations_find_for_claims

        # Matching runs in the transaction: the article's JSON already carries `related`.
        relations_find_for_claims(claims=list(article.claims.select_related("article__outlet")))

    return _with_origin(article, created=True)


def _with_origin(article: Article, *, created: bool) -> Article:
    """Tell callers (201 or 200, "added" or "already there") whether this call created it."""
    article.created_now = created  # type: ignore[attr-defined]
    return article


def _article_with_hash(digest: str) -> Article | None:
    return Article.objects.filter(content_hash=digest).first()


def _parse_input(*, text, html, url, file) -> tuple[ParsedArticle, str, str]:
    """(parsed article, the input field errors concern, a word for the audit trail)."""
    if text is not None:
        _check_raw(text, field="text")
        return parse_text(text), "text", "text"
    if html is not None:
        _check_raw(html, field="html", limit=_html_limit())
        return parse_html(html), "html", "html"
    if file is not None:
        name = getattr(file, "name", "") or ""
        size = getattr(file, "size", None)
        if isinstance(size, int) and size > _html_limit():
            raise _file_too_large()
        data = file.read(_html_limit() + 1) if hasattr(file, "read") else file
        if isinstance(data, str):
            data = data.encode("utf-8")
        if len(data) > _html_limit():
            raise _file_too_large()
        decoded = decode_bytes(data, field="file")
        kind = upload_kind(name, decoded)
        _check_raw(decoded, field="file", limit=None if kind == "html" else max_article_chars())
        return (
            (parse_html(decoded) if kind == "html" else parse_text(decoded)),
            "file",
            f"file:{kind}",
        )
    return _parse_url(url), "url", "url"


def _file_too_large() -> ArticleRejected:
    return ArticleRejected(
        f"The file is larger than {_html_limit() // 1024:,} KB; upload a smaller file.",
        code="too_long",
        field="file",
    )


def _check_raw(raw: str, *, field: str, limit: int | None = -1) -> None:
    check_not_empty(raw, field=field)
    check_not_binary(raw, field=field)
    if limit == -1:
        check_length(raw, field=field)
    elif limit is not None and len(raw) > limit:
        check_length(raw, field=field)


def _html_limit() -> int:
    """Pages carry markup around the text; allow them the fetch limit (bytes) rather than the text limit."""
    return max(
        int(getattr(settings, "CLAIMDESK_FETCH_MAX_BYTES", 5 * 1024 * 1024)), max_article_chars()
    )


def _parse_url(url: str) -> ParsedArticle:
    if not url or not url.strip():
        raise ArticleRejected("Give the article's web address.", code="empty", field="url")
    try:
        page = guarded_fetch(url.strip(), content_types=ARTICLE_TYPES)
        body = page.text()
    except FetchError as error:
        raise ArticleRejected(error.message, code=error.code, field="url") from None
    check_not_binary(body, field="url")
    parsed = parse_html(body, url=page.url) if page.content_type in HTML_TYPES else parse_text(body)
    parsed.source_url = page.url
    if not parsed.outlet_domain:
        parsed.outlet_domain = _domain_of(page.url)
    return parsed


def _published_at(value) -> datetime | None:
    if isinstance(value, datetime | date):
        return _as_datetime(value)
    text = str(value).strip()
    parsed = parse_datetime(text) or parse_date(text)
    if parsed is None:
        raise ArticleRejected(
            f"“{text}” is not a date; give the publication date as YYYY-MM-DD.",
            code="invalid_date",
            field="published_at",
        )
    return _as_datetime(parsed)


def _as_datetime(value) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0, 0))
    if timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return value


def _check_source_url(source: str) -> None:
    if not source:
        return
    parts = urlsplit(source)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or len(source) > FIELD_LIMITS["source_url"]
    ):
        raise ArticleRejected(
            f"“{source[:200]}” is not a web address; give the source URL as https://…",
            code="invalid_url",
            field="source_url",
        )


def _domain_of(url: str) -> str:
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _clip(value: str, field: str) -> str:
    limit = FIELD_LIMITS[field]
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def _outlet_for(*, name: str, domain: str, byline: str = "") -> Outlet | None:
    """The outlet an article belongs to: matched on its domain first, then its name."""
    name, domain = name[:200], domain[:253]
    if domain and not name:
        name = outlet_name_for(domain, byline)[:200]
    if not name and not domain:
        return None
    if domain:
        outlets = Outlet.objects.filter(domain=domain)
        match = outlets.filter(name=name).first() if name else outlets.order_by("id").first()
        if match is not None:
            return match
    return Outlet.objects.get_or_create(name=name or domain, domain=domain)[0]


# --- URLs: a pending row and a task -----------------------------------------------------------


def article_fetch_request(*, url: str, user=None, options: dict | None = None) -> ArticleFetch:
    """Record a URL to ingest and queue its fetch. The URL's form is checked now (scheme, host);
    the address checks happen in the task, right before connecting."""
    url = (url or "").strip()
    if not url:
        raise ArticleRejected("Give the article's web address.", code="empty", field="url")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ArticleRejected(
            "Only http:// and https:// web addresses can be fetched.", code="scheme", field="url"
        )
    if len(url) > 2000:
        raise ArticleRejected(
            "The web address is longer than 2,000 characters.", code="invalid_url", field="url"
        )
    options = {
        key: value
        for key, value in (options or {}).items()
        if key in FETCH_OPTIONS and value not in (None, "")
    }
    if "published_at" in options:
        when = _published_at(options["published_at"])
        options["published_at"] = when.isoformat() if when else None
    with transaction.atomic():
        fetch = ArticleFetch.objects.create(
            url=url,
            options=options,
            requested_by=user if getattr(user, "is_authenticated", False) else None,
        )
        audit_record(
            actor=user, action="article.fetch_requested", changes={"url": url, "fetch": fetch.pk}
        )
        transaction.on_commit(lambda: _dispatch_fetch(fetch.pk))
    return fetch


def article_fetch_outcome(fetch: ArticleFetch) -> Article | None:
    """The article a URL fetch produced, or None while it is still pending or running.

    Raises ArticleRejected with the fetch's reason when it failed. The web view, the API and the
    ingest command all read a fetch's state through this.
    """
    fetch.refresh_from_db()
    if fetch.status == ArticleFetch.Status.FAILED:
        raise ArticleRejected(fetch.error, code="fetch_failed", field="url")
    if fetch.status == ArticleFetch.Status.DONE and fetch.article_id:
        return fetch.article
    return None


def _dispatch_fetch(fetch_id: int) -> None:
    from claims.ingest.tasks import article_fetch_task

    try:
        article_fetch_task.delay(fetch_id)
        ArticleFetch.objects.filter(pk=fetch_id, dispatched_at__isnull=True).update(
            dispatched_at=timezone.now()
        )
    except Exception:  # noqa: BLE001 - broker down: the row stays pending, a sweep may retry it
        logger.exception(
            "Could not queue the fetch of ArticleFetch %s; it stays pending.", fetch_id
        )


def article_fetch_run(*, fetch_id: int) -> ArticleFetch | None:
    """Fetch and ingest a pending URL. Claims the row atomically, so a repeated task is a no-op."""
    claimed = ArticleFetch.objects.filter(
        pk=fetch_id, status__in=[ArticleFetch.Status.PENDING]
    ).update(
        status=ArticleFetch.Status.RUNNING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    fetch = ArticleFetch.objects.filter(pk=fetch_id).select_related("requested_by").first()
    if fetch is None or not claimed:
        return fetch
    try:
        article = article_ingest(url=fetch.url, user=fetch.requested_by, **fetch.options)
    except ArticleRejected as error:
        fetch.status, fetch.error = ArticleFetch.Status.FAILED, error.message
        fetch.save(update_fields=["status", "error", "updated_at"])
        return fetch
    except Exception:
        logger.exception("Ingesting %s failed", fetch.url)
        fetch.status = ArticleFetch.Status.FAILED
        fetch.error = (
            "Something went wrong while reading this page; try again or paste the text instead."
        )
        fetch.save(update_fields=["status", "error", "updated_at"])
        return fetch
    fetch.status, fetch.article, fetch.error = ArticleFetch.Status.DONE, article, ""
    fetch.save(update_fields=["status", "article", "error", "updated_at"])
    return fetch


def article_fetches_sweep(*, now: datetime | None = None) -> int:
    """Queue again the URL fetches that were never queued (broker down) or whose worker died
    mid-run; returns how many were queued. Run periodically by Celery beat."""
    now = now or timezone.now()
    limit = int(getattr(settings, "CELERY_TASK_TIME_LIMIT", 90))
    ArticleFetch.objects.filter(
        status=ArticleFetch.Status.RUNNING, updated_at__lt=now - timedelta(seconds=2 * limit)
    ).update(status=ArticleFetch.Status.PENDING, dispatched_at=None, updated_at=now)
    stale = now - timedelta(seconds=max(60, 2 * limit))
    pending = ArticleFetch.objects.filter(status=ArticleFetch.Status.PENDING).filter(
        Q(dispatched_at__isnull=True, created_at__lt=now - timedelta(seconds=30))
        | Q(dispatched_at__lt=stale)
    )
    ids = list(pending.order_by("created_at").values_list("pk", flat=True)[:100])
    for fetch_id in ids:
        ArticleFetch.objects.filter(pk=fetch_id).update(dispatched_at=None)
        _dispatch_fetch(fetch_id)
    return len(ids)
