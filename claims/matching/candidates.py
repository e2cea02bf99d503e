"""Finding the few earlier claims and fact-checks worth comparing with a new claim.

The desk may hold 100,000 claims; comparing a new one with each of them in Python would not
stay interactive. On PostgreSQL the database finds candidates with an OR full-text query over
a stored, GIN-indexed tsvector (migration ``0003_matching_search_vectors``) ranked by
``ts_rank``. The query asks only for the 12 rarest lexemes of the claim, none held by more
than 0.3% of rows (per ANALYZE's statistics): common ones would make PostgreSQL rank much of
the table (it then prefers a sequential scan) and say little about a match; BM25 on the
candidates still uses every word. Elsewhere (the SQLite demo) a few distinctive words
prefilter the rows and BM25 ranks what they let through. Either way only ``limit`` rows come
back to be scored properly.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable

from django.db import connection
from django.db.models import Q

from claims.matching.normalisation import STOP_WORDS, text_normalise
from claims.models import Claim, FactCheck

MAX_QUERY_WORDS = 32
FALLBACK_WORDS = 8
FALLBACK_ROWS = 2000
# Words so common in news copy that they only slow the OR query down.
NEWS_FILLER = frozenset("said says say told according also would could one two new year".split())


def query_words(text: str) -> list[str]:
    """Distinct plain words of a claim, safe to join into a tsquery."""
    words = re.findall(r"[a-z0-9]+", text_normalise(text).lower())
    seen: dict[str, None] = {}
    for word in words:
        if len(word) > 1 and word not in STOP_WORDS and word not in NEWS_FILLER:
            seen.setdefault(word, None)
    return list(seen)[:MAX_QUERY_WORDS]


# A lexeme in more than this share of rows matches too much to help find candidates.
COMMON_LEXEME_SHARE = 0.003
MAX_QUERY_LEXEMES = 12
MIN_QUERY_LEXEMES = 3
STATISTICS_SECONDS = 600
_common_lexemes: dict[str, tuple[float, dict[str, float]]] = {}


def _lexeme_shares(table: str) -> dict[str, float]:
    """Share of rows holding each common lexeme, read from ANALYZE's statistics (cached)."""
    cached = _common_lexemes.get(table)
    if cached and time.monotonic() - cached[0] < STATISTICS_SECONDS:
        return cached[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE tablename = %s AND attname = 'match_vector'",
            [table],
        )
        row = cursor.fetchone()
    shares = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
    _common_lexemes[table] = (time.monotonic(), shares)
    return shares


def _distinctive_lexemes(table: str, text: str) -> list[str]:
    """The query's lexemes without the very common ones (the rarest few are always kept)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT lexeme FROM unnest(to_tsvector('english', %s))", [text_normalise(text)]
        )
        lexemes = [row[0] for row in cursor.fetchall()]
    shares = _lexeme_shares(table)
    lexemes.sort(key=lambda lexeme: shares.get(lexeme, 0.0))
    rare = [lexeme for lexeme in lexemes if shares.get(lexeme, 0.0) <= COMMON_LEXEME_SHARE]
    return (rare if len(rare) >= MIN_QUERY_LEXEMES else lexemes[:MIN_QUERY_LEXEMES])[
        :MAX_QUERY_WORDS
    ]


def _postgres_ids(table: str, text: str, *, where: str, params: list, limit: int) -> list[int]:
    lexemes = _distinctive_lexemes(table, text)
    if not lexemes:
        return []
    query = " | ".join("'" + lexeme.replace("'", "''") + "'" for lexeme in lexemes)
    sql = (
        f"SELECT t.id FROM {table} t, to_tsquery('simple', %s) q "
        f"WHERE t.match_vector @@ q {where} ORDER BY ts_rank(t.match_vector, q) DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [query, *params, limit])
        return [row[0] for row in cursor.fetchall()]


def _fallback(queryset, field: str, text: str, words: list[str], *, limit: int, document):
    """Prefilter on the most distinctive (longest) words, then rank with BM25 in Python."""
    from claims.matching.scorers import LexicalScorer

    distinctive = sorted(words, key=len, reverse=True)[:FALLBACK_WORDS]
    condition = Q()
    for word in distinctive:
        condition |= Q(**{f"{field}__icontains": word})
    rows = list(queryset.filter(condition)[:FALLBACK_ROWS])
    if len(rows) <= limit:
        return rows
    scorer = LexicalScorer()
    scorer.index([document(row) for row in rows])
    top, scores = scorer.rank([text], k=limit)
    return [rows[i] for i, score in zip(top[0], scores[0], strict=True) if score > 0]


def claim_candidates(
    *, text: str, exclude_article_ids: Iterable[int] = (), limit: int = 50
) -> list[Claim]:
    """Earlier claims that share words with ``text``, best first, outside the given articles."""
    from claims.matching.scorers import MatchDocument

    words = query_words(text)
    if not words:
        return []
    excluded = sorted(set(exclude_article_ids))
    # Article bodies are long and rarely needed (only to attribute a quote): load them lazily.
    queryset = (
        Claim.objects.exclude(article_id__in=excluded)
        .select_related("article__outlet")
        .defer("article__body", "article__sentences", "article__captions")
    )
    if connection.vendor == "postgresql":
        ids = _postgres_ids(
            "claims_claim",
            text,
            where="AND NOT (t.article_id = ANY(%s))",
            params=[excluded],
            limit=limit,
        )
        by_id = queryset.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]
    return _fallback(
        queryset, "text", text, words, limit=limit, document=lambda c: MatchDocument(text=c.text)
    )


def fact_check_candidates(*, text: str, limit: int = 20) -> list[FactCheck]:
    """Imported fact-checks that share words with ``text``, best first."""
    from claims.matching.scorers import MatchDocument

    words = query_words(text)
    if not words:
        return []
    if connection.vendor == "postgresql":
        ids = _postgres_ids("claims_factcheck", text, where="", params=[], limit=limit)
        by_id = FactCheck.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]
    return _fallback(
        FactCheck.objects.all(),
        "claim_reviewed",
        text,
        words,
        limit=limit,
        document=lambda f: MatchDocument(text=f.claim_reviewed, title=f.title),
    )
