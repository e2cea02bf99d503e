import json

import pytest
from django.core.management import CommandError, call_command

from claims.matching.claimreview import FeedInvalid, claim_review_records
from claims.models import FactCheck


def claim_review(claim, url, rating="False", **extra):
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim,
        "datePublished": "2021-08-20",
        "author": {
            "@type": "Organization",
            "name": "Check Desk",
            "url": "https://checkdesk.example/",
        },
        "reviewRating": {"@type": "Rating", "ratingValue": 1, "alternateName": rating},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "A. Politician"},
            "datePublished": "2021-08-18",
        },
        **extra,
    }


FEED = [
    claim_review("The US left 6,000 troops in Kabul.", "https://checkdesk.example/1"),
    claim_review(
        "The valley was never taken by the Taliban.", "https://checkdesk.example/2", "Mostly true"
    ),
]


@pytest.fixture
def feed_file(tmp_path):
    def write(content, name="feed.json"):
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
        return str(path)

    return write


def test_a_claimreview_list_is_imported_with_its_fields(db, feed_file):
    call_command("import_claimreview", feed_file(FEED))
    fact_check = FactCheck.objects.get(url="https://checkdesk.example/2")
    assert fact_check.claim_reviewed == "The valley was never taken by the Taliban."
    assert fact_check.rating == "Mostly true"
    assert fact_check.claimant == "A. Politician"
    assert fact_check.publisher_name == "Check Desk"
    assert fact_check.publisher_site == "checkdesk.example"
    assert str(fact_check.review_date) == "2021-08-20"
    assert str(fact_check.claim_date) == "2021-08-18"
    assert FactCheck.objects.count() == 2


def test_importing_the_same_feed_twice_creates_nothing_twice(db, feed_file):
    path = feed_file(FEED)
    call_command("import_claimreview", path)
    call_command("import_claimreview", path)
    assert FactCheck.objects.count() == 2


def test_single_objects_graphs_and_data_feeds_are_read():
    single = claim_review_records(json.dumps(FEED[0]).encode())
    graph = claim_review_records(
        json.dumps(
            {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, *FEED]}
        ).encode()
    )
    data_feed = claim_review_records(
        json.dumps({"@type": "DataFeed", "dataFeedElement": [{"item": FEED}]}).encode()
    )
    assert [len(single), len(graph), len(data_feed)] == [1, 2, 2]


def test_the_vclaims_format_is_imported_idempotently(db, feed_file):
    lines = "\n".join(
        json.dumps(
            {
                "vclaim_id": f"vclaim-sno-{n}",
                "vclaim": f"Claim {n}",
                "title": "T",
                "subtitle": "S",
                "date": "26 May 2015",
            }
        )
        for n in range(3)
    )
    path = feed_file(lines.encode(), "vclaims.jsonl")
    call_command("import_claimreview", path, format="vclaims")
    call_command("import_claimreview", path, format="vclaims")
    assert FactCheck.objects.count() == 3
    assert FactCheck.objects.filter(publisher_name="Snopes", review_date="2015-05-26").count() == 3


@pytest.mark.parametrize(
    "content, message",
    [
        (b"this is not json", "not valid JSON"),
        ({"@type": "NewsArticle", "headline": "x"}, "no ClaimReview"),
        ([{"@type": "ClaimReview", "url": "https://x.example/"}], "no claimReviewed"),
    ],
)
def test_bad_feed_input_is_a_clear_error(db, feed_file, content, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_claimreview", feed_file(content))
    assert not FactCheck.objects.exists()


def test_one_bad_review_imports_nothing_of_the_feed(db, feed_file):
    broken = [*FEED, {"@type": "ClaimReview", "claimReviewed": ""}]
    with pytest.raises(CommandError, match="ClaimReview number 3"):
        call_command("import_claimreview", feed_file(broken))
    assert not FactCheck.objects.exists()


def test_a_vclaims_file_with_a_bad_line_imports_nothing(db, feed_file):
    content = b'{"vclaim_id": "v1", "vclaim": "ok"}\n{"vclaim_id": "v2"}\n'
    with pytest.raises(CommandError, match="Line 2"):
        call_command("import_claimreview", feed_file(content, "v.jsonl"), format="vclaims")
    assert not FactCheck.objects.exists()


def test_a_feed_over_the_size_limit_is_refused_before_reading(db, feed_file, settings):
    settings.CLAIMDESK_FEED_MAX_BYTES = 100
    with pytest.raises(CommandError, match="over the 100-byte limit"):
        call_command("import_claimreview", feed_file(FEED))
    assert not FactCheck.objects.exists()


def test_a_missing_file_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No file at"):
        call_command("import_claimreview", "/nonexistent/feed.json")


def test_a_feed_url_is_fetched_through_the_guarded_fetcher(db, feed_server):
    url = feed_server("/feed.json", json.dumps(FEED).encode())
    call_command("import_claimreview", url)
    call_command("import_claimreview", url)
    assert FactCheck.objects.count() == 2


def test_a_feed_url_over_the_size_limit_imports_nothing(db, feed_server, settings):
    settings.CLAIMDESK_FEED_MAX_BYTES = 100
    url = feed_server("/big.json", json.dumps(FEED).encode())
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_claimreview", url)
    assert not FactCheck.objects.exists()


def test_a_private_address_is_refused_by_the_fetcher(db):
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_claimreview", "http://10.0.0.1/feed.json")


def test_feed_invalid_is_a_value_error_for_callers():
    with pytest.raises(FeedInvalid):
        claim_review_records(b"[]")
