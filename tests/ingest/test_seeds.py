"""The two reference articles in ../shared/seeds: metadata, captions, clean body, key claims."""

import re
from datetime import date

import pytest

from claims.ingest.services import article_ingest
from claims.ingest.text import parse_text

SEED_000 = "000_a1698b398fbf6c3b.txt"
SEED_003 = "003_ccceb0b472a5548b.txt"


def read(seeds_dir, name):
    path = seeds_dir / name
    if not path.is_file():
        pytest.skip(f"seed {name} not found in {seeds_dir}")
    return path.read_text(encoding="utf-8")


def no_mid_sentence_breaks(body: str) -> bool:
    """Every line of the body ends a sentence (or a quote), i.e. no hard wraps survived."""
    return all(re.search(r"[.!?…]['\"’”)]*$", line) for line in body.split("\n") if line)


def test_seed_000_date_title_line(seeds_dir):
    article = parse_text(read(seeds_dir, SEED_000))
    assert (
        article.title
        == "The son of an assassinated anti-Taliban fighter requests weapons from the United States."
    )
    assert article.published_at == date(2021, 8, 19)
    assert not article.body.startswith("date") and article.title not in article.body
    assert article.captions == []
    assert no_mid_sentence_breaks(article.body)
    assert article.body.count("\n\n") >= 10  # paragraphs kept


def test_seed_003_headline_date_agency_captions_and_outlet(seeds_dir):
    article = parse_text(read(seeds_dir, SEED_003))
    assert article.title.startswith('He promised an "organized resistance" to Taliban rule.')
    assert article.published_at == date(2021, 8, 19)
    assert article.byline == "CBS/AFP"
    assert article.outlet_domain == "cbsnews.com"
    assert [caption.credit for caption in article.captions] == [
        "REZA/GETTY",
        "PATRICK ROBERT/SYGMA/GETTY",
    ]
    for caption in article.captions:
        assert caption.text not in article.body and caption.credit not in article.body
    assert "GETTY" not in article.body and "www.cbsnews.com" not in article.body
    assert "AUGUST 19, 2021" not in article.body and "CBS/AFP" not in article.body
    assert "takeover of Afghanistan was met" in article.body  # a wrapped line rejoined
    assert "in May, Saleh told CBS News" in article.body
    assert "he told D'Agata in May" in article.body
    assert no_mid_sentence_breaks(article.body)
    assert article.summary.startswith("In May, the son of an anti-Taliban hero")
    assert article.summary not in article.body


def claim_containing(article, words):
    return [claim for claim in article.claims.all() if all(word in claim.text for word in words)]


def test_seeds_ingest_with_metadata_and_key_claims(seeds_dir, fact_checker):
    first = article_ingest(text=read(seeds_dir, SEED_000), user=fact_checker)
    second = article_ingest(text=read(seeds_dir, SEED_003), user=fact_checker)
    assert first.published_at.date() == second.published_at.date() == date(2021, 8, 19)
    assert first.outlet is None
    assert (second.outlet.name, second.outlet.domain, second.byline) == (
        "CBS News",
        "cbsnews.com",
        "CBS/AFP",
    )
    assert len(second.captions) == 2

    for article in (first, second):
        for claim in article.claims.all():
            assert article.body[claim.start : claim.end] == claim.text
            assert "GETTY" not in claim.text

    evacuated = claim_containing(first, ["evacuated about 6,000"])
    assert evacuated, "the evacuation of about 6,000 people must be a claim"
    assert claim_containing(first, ["Taliban", "supplied by the US"]), (
        "US-supplied weapons must be a claim"
    )
    lavrov = claim_containing(second, ["doesn't control the whole territory"])
    assert lavrov, "Lavrov's statement must be a claim"
    assert lavrov[0].claimant and "Lavrov" in lavrov[0].claimant


def test_seeds_ingested_twice_are_not_duplicated(seeds_dir, fact_checker):
    from claims.models import Article, Claim

    text = read(seeds_dir, SEED_003)
    first = article_ingest(text=text, user=fact_checker)
    claims = Claim.objects.count()
    again = article_ingest(text=text, user=fact_checker)
    assert again.pk == first.pk
    assert Article.objects.count() == 1 and Claim.objects.count() == claims
