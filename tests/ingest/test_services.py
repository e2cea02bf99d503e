"""article_ingest: parsing, saving, deduplication, and refusing bad input without saving anything."""

import io
from datetime import UTC, datetime

import pytest

from claims.ingest import services
from claims.ingest.services import article_fetch_request, article_ingest
from claims.ingest.validation import ArticleRejected
from claims.models import Article, ArticleFetch, AuditEntry, Claim, Outlet
from tests.ingest.conftest import Route

STORY = (
    "Harbour reopens after storm\n"
    "MARCH 2, 2023\n"
    "By Lena Ortiz\n"
    "The port authority said 1,200 containers were moved on Monday.\n"
    "Officials expect traffic to return to normal within two weeks.\n"
    "www.coastnews.example\n"
)


def counts():
    return (
        Article.objects.count(),
        Outlet.objects.count(),
        Claim.objects.count(),
        AuditEntry.objects.filter(action="article.ingested").count(),
    )


def test_text_becomes_an_article_with_outlet_claims_and_audit(fact_checker):
    article = article_ingest(text=STORY, user=fact_checker)
    assert article.created_now is True
    assert article.title == "Harbour reopens after storm"
    assert article.byline == "Lena Ortiz"
    assert article.published_at == datetime(2023, 3, 2, tzinfo=UTC)
    assert (article.outlet.name, article.outlet.domain) == (
        "coastnews.example",
        "coastnews.example",
    )
    assert article.body.startswith("The port authority said 1,200 containers")
    assert "www.coastnews.example" not in article.body
    assert article.ingested_by == fact_checker
    entry = AuditEntry.objects.get(action="article.ingested")
    assert entry.article == article and entry.actor == fact_checker
    for claim in article.claims.all():
        assert article.body[claim.start : claim.end] == claim.text


def test_given_title_outlet_date_and_source_override_the_text(fact_checker):
    article = article_ingest(
        text=STORY,
        title="Own title",
        outlet="Coast News",
        published_at="2023-03-03",
        source_url="https://coastnews.example/harbour",
        user=fact_checker,
    )
    assert article.title == "Own title"
    assert article.outlet.name == "Coast News"
    assert article.published_at.date().isoformat() == "2023-03-03"
    assert article.source_url == "https://coastnews.example/harbour"


def test_same_article_twice_returns_the_first_and_saves_nothing_new(fact_checker):
    first = article_ingest(text=STORY, user=fact_checker)
    before = counts()
    again = article_ingest(text=STORY.replace("\n", "\r\n") + "\n\n", user=fact_checker)
    assert again.pk == first.pk and again.created_now is False
    assert counts() == before


def test_typographic_quotes_and_spacing_do_not_defeat_deduplication(fact_checker):
    first = article_ingest(text='He said: "We\'ll stay."  The mayor  agreed.', user=fact_checker)
    again = article_ingest(text="He said: “We’ll stay.” The mayor agreed.", user=fact_checker)
    assert again.pk == first.pk


def test_losing_a_race_on_the_content_hash_returns_the_winner(fact_checker, monkeypatch):
    winner = article_ingest(text=STORY, user=fact_checker)
    before = counts()
    monkeypatch.setattr(
        services, "_article_with_hash", lambda digest: None
    )  # the check saw nothing
    result = article_ingest(text=STORY, user=fact_checker)
    assert result.pk == winner.pk and result.created_now is False
    assert counts() == before


def test_outlet_is_reused_by_domain(fact_checker):
    one = article_ingest(text=STORY, user=fact_checker)
    two = article_ingest(text=STORY.replace("1,200", "1,300"), user=fact_checker)
    assert one.outlet_id == two.outlet_id
    assert Outlet.objects.count() == 1


def test_html_input_keeps_captions_out_of_the_body(fact_checker):
    from tests.ingest.conftest import ARTICLE_HTML

    article = article_ingest(html=ARTICLE_HTML, user=fact_checker)
    assert article.title == "Dam opens after ten years of work"
    assert article.outlet.name == "Valley Times"
    assert article.byline == "Rosa Field"
    assert article.captions == [
        {"text": "The dam seen from the east bank, May 3, 2022.", "credit": "ANA LIMA/VALLEY TIMES"}
    ]
    assert "east bank" not in article.body
    assert "document.write" not in article.body
    assert "80,000 homes" in article.body


def test_uploaded_text_and_html_files_are_ingested(fact_checker):
    from tests.ingest.conftest import ARTICLE_HTML

    text_file = io.BytesIO(STORY.encode("utf-8"))
    text_file.name = "harbour.txt"
    html_file = io.BytesIO(ARTICLE_HTML.encode("utf-8"))
    html_file.name = "dam.HTML"
    assert article_ingest(file=text_file, user=fact_checker).title == "Harbour reopens after storm"
    assert (
        article_ingest(file=html_file, user=fact_checker).title
        == "Dam opens after ten years of work"
    )


def upload(data: bytes, name: str):
    file = io.BytesIO(data)
    file.name = name
    return file


@pytest.mark.parametrize(
    "kwargs, code, words",
    [
        ({"text": ""}, "empty", "empty"),
        ({"text": "   \n\t  \n"}, "empty", "empty"),
        ({"html": "<html><body><script>x()</script></body></html>"}, "empty", "empty"),
        ({"text": "abc\x00\x01\x02def" * 10}, "binary", "binary"),
        ({"text": "bad \ud800 surrogate"}, "invalid_utf8", "UTF-8"),
        ({"file": upload(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.txt")}, "binary", "binary"),
        (
            {"file": upload("Caf\u00e9 au lait".encode("latin-1"), "story.txt")},
            "invalid_utf8",
            "UTF-8",
        ),
        ({"file": upload(b"Some text.", "story.pdf")}, "file_type", ".txt or .html"),
        ({"file": upload(b"", "empty.txt")}, "empty", "empty"),
        ({"text": "ok text", "html": "<p>x</p>"}, "one_input", "one way"),
        ({}, "one_input", "one way"),
        ({"text": STORY, "published_at": "next tuesday-ish"}, "invalid_date", "YYYY-MM-DD"),
        ({"text": STORY, "source_url": "javascript:alert(1)"}, "invalid_url", "web address"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(
    fact_checker, kwargs, code, words
):
    with pytest.raises(ArticleRejected) as caught:
        article_ingest(user=fact_checker, **kwargs)
    assert caught.value.code == code
    assert words in caught.value.message
    assert counts() == (0, 0, 0, 0)


def test_text_over_the_limit_is_refused(fact_checker, settings):
    settings.CLAIMDESK_MAX_ARTICLE_CHARS = 500
    with pytest.raises(ArticleRejected) as caught:
        article_ingest(text="A sentence about the harbour. " * 40, user=fact_checker)
    assert caught.value.code == "too_long"
    assert "1,200 characters" in caught.value.message and "500" in caught.value.message
    assert counts() == (0, 0, 0, 0)


def test_failure_inside_extraction_leaves_nothing_half_saved(fact_checker, monkeypatch):
    import claims.extraction.services as extraction

    def broken(*, article):
        Claim.objects.create(article=article, text="x", start=0, end=1)
        raise RuntimeError("extraction crashed")

    monkeypatch.setattr(extraction, "claims_extract_for_article", broken)
    with pytest.raises(RuntimeError):
        article_ingest(text=STORY, user=fact_checker)
    assert counts() == (0, 0, 0, 0)


# --- URLs ----------------------------------------------------------------------------------------


def test_url_is_fetched_and_ingested(allow_local_site, fact_checker):
    article = article_ingest(url=allow_local_site.url("/article.html"), user=fact_checker)
    assert article.source_url == allow_local_site.url("/article.html")
    assert article.title == "Dam opens after ten years of work"
    assert article.published_at.date().isoformat() == "2022-05-04"


def test_plain_text_url_is_parsed_as_text(allow_local_site, fact_checker):
    article = article_ingest(url=allow_local_site.url("/article.txt"), user=fact_checker)
    assert article.title == "Dam opens"
    assert article.outlet.domain == "127.0.0.1"


@pytest.mark.parametrize(
    "path, route, code",
    [
        ("/missing", None, "http_status"),
        ("/photo.png", None, "content_type"),
        (
            "/to-private",
            Route(status=302, headers={"Location": "http://10.0.0.1/"}),
            "private_address",
        ),
        (
            "/huge",
            Route(body=b"<p>x</p>" * 200_000, headers={"Content-Type": "text/html"}),
            "too_large",
        ),
        (
            "/latin1",
            Route(body="Caf\u00e9".encode("latin-1"), headers={"Content-Type": "text/plain"}),
            "encoding",
        ),
    ],
)
def test_bad_urls_are_refused_and_nothing_saved(
    allow_local_site, fact_checker, settings, path, route, code
):
    settings.CLAIMDESK_FETCH_MAX_BYTES = 1_000_000
    if route is not None:
        allow_local_site.routes[path] = route
    with pytest.raises(ArticleRejected) as caught:
        article_ingest(url=allow_local_site.url(path), user=fact_checker)
    assert caught.value.code == code and caught.value.field == "url"
    assert counts() == (0, 0, 0, 0)


def test_private_url_is_refused_without_the_allow_list(local_site, fact_checker, connections):
    with pytest.raises(ArticleRejected) as caught:
        article_ingest(url=local_site.url("/article.html"), user=fact_checker)
    assert caught.value.code == "private_address"
    assert connections == [] and counts() == (0, 0, 0, 0)


def test_fetch_request_runs_the_task_and_records_the_article(
    allow_local_site, fact_checker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        fetch = article_fetch_request(
            url=allow_local_site.url("/article.html"), user=fact_checker, options={"outlet": "VT"}
        )
    fetch.refresh_from_db()
    assert fetch.status == ArticleFetch.Status.DONE
    assert fetch.article.outlet.name == "VT"
    assert fetch.attempts == 1 and fetch.dispatched_at is not None


def test_failed_fetch_is_recorded_with_its_reason(
    local_site, fact_checker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        fetch = article_fetch_request(url=local_site.url("/article.html"), user=fact_checker)
    fetch.refresh_from_db()
    assert fetch.status == ArticleFetch.Status.FAILED
    assert "private or internal" in fetch.error
    assert Article.objects.count() == 0


def test_a_repeated_task_does_not_fetch_twice(
    allow_local_site, fact_checker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        fetch = article_fetch_request(url=allow_local_site.url("/article.html"), user=fact_checker)
    services.article_fetch_run(fetch_id=fetch.pk)
    assert len(allow_local_site.requests) == 1


def test_fetch_request_refuses_non_web_addresses(fact_checker):
    with pytest.raises(ArticleRejected) as caught:
        article_fetch_request(url="file:///etc/passwd", user=fact_checker)
    assert caught.value.code == "scheme"
    assert ArticleFetch.objects.count() == 0


def test_oversized_file_is_refused_before_reading_it_all(fact_checker, settings):
    settings.CLAIMDESK_MAX_ARTICLE_CHARS = 1000
    settings.CLAIMDESK_FETCH_MAX_BYTES = 2000
    with pytest.raises(ArticleRejected) as caught:
        article_ingest(file=upload(b"A" * 5000, "big.txt"), user=fact_checker)
    assert caught.value.code == "too_long" and "smaller file" in caught.value.message
    assert counts() == (0, 0, 0, 0)


def test_sweep_requeues_never_queued_and_stuck_fetches(fact_checker, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    queued = []
    monkeypatch.setattr(services, "_dispatch_fetch", queued.append)
    old = timezone.now() - timedelta(hours=1)
    never = ArticleFetch.objects.create(url="https://example.org/a")
    stuck = ArticleFetch.objects.create(
        url="https://example.org/b", status=ArticleFetch.Status.RUNNING
    )
    fresh = ArticleFetch.objects.create(url="https://example.org/c")
    done = ArticleFetch.objects.create(url="https://example.org/d", status=ArticleFetch.Status.DONE)
    ArticleFetch.objects.filter(pk__in=[never.pk, stuck.pk, done.pk]).update(
        created_at=old, updated_at=old
    )

    assert services.article_fetches_sweep() == 2
    assert sorted(queued) == sorted([never.pk, stuck.pk])
    stuck.refresh_from_db()
    assert stuck.status == ArticleFetch.Status.PENDING
    assert fresh.pk not in queued and done.pk not in queued


def test_unreachable_url_is_refused_and_nothing_saved(fact_checker, settings):
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CLAIMDESK_FETCH_ALLOWED_HOSTS = [f"127.0.0.1:{port}"]
    with pytest.raises(ArticleRejected) as caught:
        article_ingest(url=f"http://127.0.0.1:{port}/story", user=fact_checker)
    assert caught.value.code == "unreachable"
    assert "could not be reached" in caught.value.message
    assert counts() == (0, 0, 0, 0)


def test_slow_url_times_out_and_nothing_saved(allow_local_site, fact_checker, settings):
    settings.CLAIMDESK_FETCH_TIMEOUT = 0.3
    allow_local_site.routes["/slow"] = Route(
        body=b"late", headers={"Content-Type": "text/plain"}, delay=1.5
    )
    with pytest.raises(ArticleRejected) as caught:
        article_ingest(url=allow_local_site.url("/slow"), user=fact_checker)
    assert caught.value.code == "timeout"
    assert counts() == (0, 0, 0, 0)
