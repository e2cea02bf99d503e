"""Benchmark: matching one new claim against 100,000 earlier claims on PostgreSQL.

    .venv/bin/python benchmarks/matching.py [--claims 100000] [--queries 50] [--scorer lexical]

Builds (once) a database ``bench_matching`` with N earlier claims derived from the CheckThat!
vclaims file (fact-check claims, titles and subtitles, and recombinations of their halves, so
the vocabulary and lengths are those of real claims), then times ``relations_find_for_claim``
(candidates by full-text search, ranking, similarity, relation writes) for tweets of the dev
split, each inside a transaction that is rolled back so every query sees the same desk.
Prints the median and 95th-percentile latency of the whole call and of candidate generation.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT.parent / "shared" / "datasets" / "claim-matching-ct22"
sys.path.insert(0, str(ROOT))


def database_url(name: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def create_database(name: str) -> None:
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def claim_texts(count: int) -> list[str]:
    rows = [json.loads(line) for line in (DATASET / "vclaims.jsonl").open(encoding="utf-8")]
    base = []
    for row in rows:
        base += [t for t in (row.get("vclaim"), row.get("title"), row.get("subtitle")) if t]
    random.seed(7)
    texts = list(base)
    while len(texts) < count:
        first, second = random.choice(base).split(), random.choice(base).split()
        texts.append(" ".join(first[: max(3, len(first) // 2)] + second[len(second) // 2 :]))
    return texts[:count]


def populate(count: int) -> None:
    from claims.models import Article, Claim, Outlet

    have = Claim.objects.count()
    if have >= count:
        return
    texts = claim_texts(count)[have:]
    outlets = [
        Outlet.objects.get_or_create(name=f"Outlet {n}", domain=f"outlet{n}.test")[0]
        for n in range(50)
    ]
    per_article = 100
    started = time.perf_counter()
    for offset in range(0, len(texts), per_article):
        chunk = texts[offset : offset + per_article]
        body = "\n".join(chunk)
        article = Article.objects.create(
            title=f"Benchmark article {have + offset}",
            outlet=outlets[(offset // per_article) % len(outlets)],
            body=body,
            content_hash=hashlib.sha256(f"bench-{have + offset}-{body}".encode()).hexdigest(),
        )
        claims, position = [], 0
        for text in chunk:
            claims.append(
                Claim(article=article, text=text, start=position, end=position + len(text))
            )
            position += len(text) + 1
        Claim.objects.bulk_create(claims)
    print(f"inserted {len(texts)} claims in {time.perf_counter() - started:.0f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument(
        "--scorer", default="lexical", choices=["lexical", "embeddings", "combined"]
    )
    parser.add_argument("--database", default="bench_matching")
    options = parser.parse_args()

    create_database(options.database)
    os.environ["DATABASE_URL"] = database_url(options.database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    settings.CLAIMDESK_MATCHING_SCORER = options.scorer
    call_command("migrate", verbosity=0)
    populate(options.claims)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")

    from claims.matching.candidates import claim_candidates
    from claims.matching.checkthat import qrels_read, queries_read
    from claims.matching.services import relations_find_for_claim
    from claims.models import Article, Claim

    queries = queries_read(DATASET / "CT2022-Task2A-EN-Train-Dev_Queries.tsv")
    dev = [
        queries[q] for q in qrels_read(DATASET / "CT2022-Task2A-EN-Dev_QRELs.tsv") if q in queries
    ]
    texts = dev[: options.queries]
    total = Claim.objects.count()

    whole, candidates_only, found = [], [], []
    for text in [texts[0], *texts]:  # the first run warms caches up and is dropped below
        try:
            with transaction.atomic():
                claim = _new_claim(Article, Claim, text)
                started = time.perf_counter()
                claim_candidates(text=claim.text, exclude_article_ids=[claim.article_id])
                candidates_only.append(time.perf_counter() - started)
                started = time.perf_counter()
                outcome = relations_find_for_claim(claim=claim)
                whole.append(time.perf_counter() - started)
                found.append(len(outcome.relations))
                raise _Rollback
        except _Rollback:
            pass

    whole, candidates_only, found = whole[1:], candidates_only[1:], found[1:]

    def ms(values, q):
        return 1000 * (
            statistics.median(values) if q == 50 else statistics.quantiles(values, n=20)[18]
        )

    print(
        json.dumps(
            {
                "earlier_claims": total,
                "queries": len(whole),
                "scorer": options.scorer,
                "median_ms": round(ms(whole, 50), 1),
                "p95_ms": round(ms(whole, 95), 1),
                "candidates_median_ms": round(ms(candidates_only, 50), 1),
                "candidates_p95_ms": round(ms(candidates_only, 95), 1),
                "relations_found_per_claim": round(statistics.mean(found), 2),
            }
        )
    )


class _Rollback(Exception):
    pass


def _new_claim(Article, Claim, text: str):
    article = Article.objects.create(
        title="New article",
        body=text,
        content_hash=hashlib.sha256(f"new-{time.time_ns()}".encode()).hexdigest(),
    )
    return Claim.objects.create(article=article, text=text, start=0, end=len(text))


if __name__ == "__main__":
    main()
