"""Each provider against a local server answering in that provider's real response shape."""

from __future__ import annotations

import pytest

from claims.lookups.providers import ProviderError, provider_get

from .conftest import Answer, factcheck_answer, mediawiki_answer

FACTCHECK = "/v1alpha1/claims:search"
MEDIAWIKI = "/w/api.php"


def search(name, claim):
    return provider_get(name).search(claim)


def failure(name, claim) -> ProviderError:
    with pytest.raises(ProviderError) as caught:
        search(name, claim)
    return caught.value


# --- Google Fact Check Tools ----------------------------------------------------------------


def test_fact_check_tools_turns_each_claim_review_into_a_finding(provider_stub, make_claim):
    provider_stub.routes[FACTCHECK] = Answer(
        body=factcheck_answer(
            {
                "url": "https://www.politifact.com/factchecks/2021/aug/30/x/",
                "rating": "Pants on Fire",
            },
            {"url": "https://fullfact.org/x", "publisher": "Full Fact", "rating": "Correct"},
        )
    )
    findings = search("factcheck_tools", make_claim())
    assert [f.url for f in findings] == [
        "https://www.politifact.com/factchecks/2021/aug/30/x/",
        "https://fullfact.org/x",
    ]
    first = findings[0]
    assert first.publisher == "PolitiFact" and first.rating == "Pants on Fire"
    assert first.title == "Fact-check: evacuations" and first.published_at.year == 2021
    assert "Rated: Pants on Fire" in first.excerpt
    query = provider_stub.requests[0]["query"]
    assert (
        query["key"] == "test-key"
        and "evacuated" in query["query"]
        and query["languageCode"] == "en"
    )


def test_fact_check_tools_empty_answer_is_no_findings(provider_stub, make_claim):
    provider_stub.routes[FACTCHECK] = Answer(body={})
    assert search("factcheck_tools", make_claim()) == []


def test_fact_check_tools_server_error_is_retryable(provider_stub, make_claim):
    provider_stub.routes[FACTCHECK] = Answer(
        status=500, body={"error": {"code": 500, "message": "Internal error"}}
    )
    error = failure("factcheck_tools", make_claim())
    assert error.retryable and "HTTP 500" in error.message


def test_fact_check_tools_429_is_retryable_after_the_time_it_asks(provider_stub, make_claim):
    provider_stub.routes[FACTCHECK] = Answer(
        status=429,
        headers={"Retry-After": "7"},
        body={"error": {"code": 429, "message": "Quota exceeded", "status": "RESOURCE_EXHAUSTED"}},
    )
    error = failure("factcheck_tools", make_claim())
    assert error.retryable and error.retry_after == 7


def test_fact_check_tools_bad_key_fails_without_retry_and_says_why(provider_stub, make_claim):
    provider_stub.routes[FACTCHECK] = Answer(
        status=400,
        body={
            "error": {
                "code": 400,
                "message": "API key not valid. Please pass a valid API key.",
                "status": "INVALID_ARGUMENT",
            }
        },
    )
    error = failure("factcheck_tools", make_claim())
    assert not error.retryable
    assert "API key not valid" in error.message and "HTTP 400" in error.message


def test_fact_check_tools_without_a_key_fails_before_asking(provider_stub, make_claim, settings):
    settings.CLAIMDESK_FACTCHECK_TOOLS_API_KEY = ""
    error = failure("factcheck_tools", make_claim())
    assert not error.retryable and "GOOGLE_FACTCHECK_API_KEY" in error.message
    assert provider_stub.requests == []


def test_fact_check_tools_malformed_json_fails_without_retry(provider_stub, make_claim):
    provider_stub.routes[FACTCHECK] = Answer(body='{"claims": [{"text": "unterminated')
    error = failure("factcheck_tools", make_claim())
    assert not error.retryable and "not valid JSON" in error.message


def test_fact_check_tools_wrong_shape_fails_without_retry(provider_stub, make_claim):
    provider_stub.routes[FACTCHECK] = Answer(body={"claims": "nope"})
    error = failure("factcheck_tools", make_claim())
    assert not error.retryable and "unexpected shape" in error.message


def test_fact_check_tools_huge_answer_is_refused(provider_stub, make_claim, settings):
    settings.CLAIMDESK_LOOKUP_MAX_BYTES = 64 * 1024
    provider_stub.routes[FACTCHECK] = Answer(body=b'{"claims": [' + b" " * (200 * 1024) + b"]}")
    error = failure("factcheck_tools", make_claim())
    assert not error.retryable and "larger than 64 KB" in error.message


def test_fact_check_tools_timeout_is_retryable(provider_stub, make_claim, settings):
    settings.CLAIMDESK_LOOKUP_HTTP_TIMEOUT = 0.3
    provider_stub.routes[FACTCHECK] = Answer(body={}, delay=1.5)
    error = failure("factcheck_tools", make_claim())
    assert error.retryable and "did not answer in time" in error.message


# --- MediaWiki ------------------------------------------------------------------------------


def test_mediawiki_search_results_become_background_pages(provider_stub, make_claim):
    provider_stub.routes[MEDIAWIKI] = Answer(
        body=mediawiki_answer("Kabul airlift", "Operation Allies Refuge")
    )
    findings = search("mediawiki", make_claim())
    assert [f.title for f in findings] == ["Kabul airlift", "Operation Allies Refuge"]
    assert findings[0].url == provider_stub.url("/wiki/Kabul_airlift")
    assert findings[0].excerpt == "The evacuation of Kabul airlift & more"  # markup stripped
    assert findings[0].stance == "context" and findings[0].publisher == "Wikipedia"
    query = provider_stub.requests[0]["query"]
    assert query["action"] == "query" and query["list"] == "search" and query["format"] == "json"


def test_mediawiki_empty_search_is_no_findings(provider_stub, make_claim):
    provider_stub.routes[MEDIAWIKI] = Answer(
        body={"batchcomplete": True, "query": {"searchinfo": {"totalhits": 0}, "search": []}}
    )
    assert search("mediawiki", make_claim()) == []


def test_mediawiki_error_object_with_http_200_fails_with_its_message(provider_stub, make_claim):
    provider_stub.routes[MEDIAWIKI] = Answer(
        body={"error": {"code": "srsearch-text-disabled", "info": "text search is disabled"}}
    )
    error = failure("mediawiki", make_claim())
    assert not error.retryable and "text search is disabled" in error.message


def test_mediawiki_503_with_retry_after_is_retryable(provider_stub, make_claim):
    provider_stub.routes[MEDIAWIKI] = Answer(
        status=503, headers={"Retry-After": "3"}, body="<html>down</html>"
    )
    error = failure("mediawiki", make_claim())
    assert error.retryable and error.retry_after == 3


def test_mediawiki_html_instead_of_json_is_malformed(provider_stub, make_claim):
    provider_stub.routes[MEDIAWIKI] = Answer(
        body="<!doctype html><p>Wikipedia</p>", headers={"Content-Type": "text/html"}
    )
    error = failure("mediawiki", make_claim())
    assert not error.retryable and "not valid JSON" in error.message


# --- Generic JSON endpoint ------------------------------------------------------------------


def test_json_endpoint_reads_results_through_the_configured_paths(
    provider_stub, make_claim, settings
):
    settings.CLAIMDESK_JSON_SEARCH = {
        "url": provider_stub.url("/search?q={query}"),
        "name": "Desk search",
        "results": "data.hits",
        "fields": {
            "url": "link",
            "title": "headline",
            "excerpt": "summary",
            "publisher": "source.name",
            "published": "date",
            "relevance": "score",
            "rating": "verdict",
        },
    }
    provider_stub.routes["/search"] = Answer(
        body={
            "data": {
                "hits": [
                    {
                        "link": "https://desk.example/a",
                        "headline": "A",
                        "summary": "S",
                        "source": {"name": "Desk"},
                        "date": "2023-03-01",
                        "score": 0.9,
                        "verdict": "False",
                    },
                    {"link": "javascript:alert(1)", "headline": "skipped"},
                ]
            }
        }
    )
    findings = search("json", make_claim(text="Prices rose 12% last year."))
    assert len(findings) == 1
    assert (findings[0].url, findings[0].publisher, findings[0].relevance, findings[0].rating) == (
        "https://desk.example/a",
        "Desk",
        0.9,
        "False",
    )
    assert provider_stub.requests[0]["query"]["q"] == "Prices rose 12% last year."


def test_json_endpoint_without_the_result_list_is_malformed(provider_stub, make_claim, settings):
    settings.CLAIMDESK_JSON_SEARCH = {
        "url": provider_stub.url("/search?q={query}"),
        "results": "data.hits",
    }
    provider_stub.routes["/search"] = Answer(body={"data": {}})
    error = failure("json", make_claim())
    assert not error.retryable and "data.hits" in error.message


def test_json_endpoint_unconfigured_says_what_to_set(make_claim, settings, db):
    settings.CLAIMDESK_JSON_SEARCH = {"url": ""}
    error = failure("json", make_claim())
    assert "CLAIMDESK_JSON_SEARCH_URL" in error.message


# --- Archive and earlier verdicts -----------------------------------------------------------


def test_archive_finds_the_passage_of_another_article_repeating_the_claim(make_claim, make_article):
    claim = make_claim(text="The agency evacuated 6,000 residents from the flooded valley.")
    make_article(
        body="Weather was calm. Officials confirmed the agency evacuated 6,000 residents from the flooded valley on Sunday. Roads reopened.",
        title="Valley flood",
        outlet="Valley Times",
        domain="valley.example",
        source_url="https://valley.example/flood",
    )
    make_article(
        body="A story about football and nothing else at all.",
        title="Sport",
        outlet="Sport Daily",
        domain="sport.example",
    )
    findings = search("archive", claim)
    assert len(findings) == 1
    finding = findings[0]
    assert finding.url == "https://valley.example/flood" and finding.publisher == "Valley Times"
    assert finding.excerpt.startswith("Officials confirmed the agency evacuated 6,000 residents")
    assert finding.relevance > 0.8 and finding.stance == "supports"


def test_archive_passage_that_denies_the_claim_is_suggested_as_refuting(make_claim, make_article):
    claim = make_claim(text="The agency evacuated 6,000 residents from the flooded valley.")
    make_article(
        body="The mayor denied that the agency evacuated 6,000 residents from the flooded valley.",
        source_url="https://other.example/denial",
        domain="other.example",
        outlet="Other",
    )
    assert search("archive", claim)[0].stance == "refutes"


def test_archive_uses_postgres_full_text_search(require_postgres, make_claim, make_article):
    claim = make_claim(text="Inflation reached 9 percent in the eurozone during October.")
    make_article(
        body="Eurozone inflation reached 9 percent in October, statisticians said.",
        source_url="https://stats.example/inflation",
        domain="stats.example",
        outlet="Stats",
    )
    findings = search("archive", claim)
    assert [f.url for f in findings] == ["https://stats.example/inflation"]


def test_earlier_verdict_on_the_same_claim_is_found_with_its_rating(make_claim, fact_checker):
    from claims.models import Verdict

    earlier = make_claim(text="The US evacuated about 6,000 people from Kabul.")
    Verdict.objects.create(
        claim=earlier,
        rating="false",
        summary="It was 120,000.",
        proposed_by=fact_checker,
        status=Verdict.Status.PUBLISHED,
    )
    unrelated = make_claim(text="Bread prices doubled in 2022.")
    Verdict.objects.create(claim=unrelated, rating="true", summary="Yes.", proposed_by=fact_checker)
    findings = search(
        "verdicts", make_claim(text="About 6,000 people were evacuated from Kabul by the US.")
    )
    assert len(findings) == 1
    assert findings[0].stance == "refutes" and findings[0].rating == "False"
    assert f"/claims/{earlier.pk}/" in findings[0].url and "It was 120,000." in findings[0].excerpt
