"""The CheckThat! 2022 Task 2A files (claim retrieval) and the MAP@k the task is scored with.

- vclaims: JSON lines, one Snopes fact-check each (``vclaim_id``, ``vclaim``, ``title``,
  ``subtitle``, ``date``, ``author``);
- queries: TSV ``id<TAB>tweet text``, sometimes with an ``iclaim_id iclaim`` header and with
  CSV-style quoting (``"…""…""…"``);
- qrels: TSV ``query_id 0 vclaim_id 1`` (TREC). The train-dev queries file holds both train
  and dev queries; the qrels file decides which split is evaluated.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from claims.matching.scorers import MatchDocument, MatchQuery

# An embedded tweet ends "— Name (@handle) January 14, 2020": the day the claim was made.
TWEET_DATE_RE = re.compile(
    r"(January|February|March|April|May|June|July|August|September|October|November|December)"
    r" (\d{1,2}), (\d{4})"
)


@dataclass(frozen=True)
class VerifiedClaim:
    """One fact-check of the benchmark corpus."""

    vclaim_id: str
    vclaim: str
    title: str = ""
    subtitle: str = ""
    date: str = ""
    author: str = ""

    def as_document(self) -> MatchDocument:
        return MatchDocument(
            text=self.vclaim, title=self.title, subtitle=self.subtitle, date=_vclaim_date(self.date)
        )


def _vclaim_date(text: str) -> date | None:
    try:
        return datetime.strptime(text.strip(), "%d %B %Y").date()
    except ValueError:
        return None


def tweet_date(text: str) -> date | None:
    """The date of an embedded tweet: the last "Month D, YYYY" in its text."""
    found = TWEET_DATE_RE.findall(text)
    if not found:
        return None
    month, day, year = found[-1]
    try:
        return datetime.strptime(f"{month} {day} {year}", "%B %d %Y").date()
    except ValueError:
        return None


def query_for_tweet(text: str) -> MatchQuery:
    return MatchQuery(text=text, date=tweet_date(text))


def vclaims_read(path: Path) -> list[VerifiedClaim]:
    claims = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                claims.append(
                    VerifiedClaim(
                        vclaim_id=row["vclaim_id"],
                        vclaim=row.get("vclaim") or "",
                        title=row.get("title") or "",
                        subtitle=row.get("subtitle") or "",
                        date=row.get("date") or "",
                        author=row.get("author") or "",
                    )
                )
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                raise ValueError(f"{path}:{number}: not a vclaim line ({error}).") from error
    return claims


def queries_read(path: Path) -> dict[str, str]:
    csv.field_size_limit(sys.maxsize)
    queries: dict[str, str] = {}
    with open(path, encoding="utf-8", newline="") as rows:
        for row in csv.reader(rows, delimiter="\t", quotechar='"'):
            if len(row) < 2 or row[0] == "iclaim_id":
                continue
            queries[row[0].strip()] = row[1]
    return queries


def qrels_read(path: Path) -> dict[str, set[str]]:
    relevant: dict[str, set[str]] = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            parts = line.split()
            if len(parts) >= 4 and parts[3] != "0":
                relevant.setdefault(parts[0], set()).add(parts[2])
    return relevant


def average_precision_at(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """The task scorer's AP@k: precision at each relevant hit in the top k, over |relevant|."""
    if not relevant:
        return 0.0
    hits = 0
    total = 0.0
    for position, vclaim_id in enumerate(ranked[:k], start=1):
        if vclaim_id in relevant:
            hits += 1
            total += hits / position
    return total / len(relevant)


def mean_average_precision_at(
    rankings: Mapping[str, Sequence[str]], qrels: Mapping[str, set[str]], k: int
) -> float:
    if not qrels:
        return 0.0
    return sum(average_precision_at(rankings.get(q, []), rel, k) for q, rel in qrels.items()) / len(
        qrels
    )


@dataclass(frozen=True)
class EvaluationResult:
    queries: int
    map_at_1: float
    map_at_3: float
    map_at_5: float
    queries_per_second: float
    index_seconds: float

    def as_json(self) -> dict:
        return {
            "queries": self.queries,
            "map_at_1": round(self.map_at_1, 4),
            "map_at_3": round(self.map_at_3, 4),
            "map_at_5": round(self.map_at_5, 4),
            "queries_per_second": round(self.queries_per_second, 1),
            "index_seconds": round(self.index_seconds, 2),
        }


def evaluation_run(
    *,
    scorer,
    vclaims: Sequence[VerifiedClaim],
    queries: dict[str, str],
    qrels: dict[str, set[str]],
) -> EvaluationResult:
    """Rank every vclaim for each judged query with the desk's scorer and score the top 5.

    Queries per second covers ranking only (normalisation, encoding and scoring each query);
    building the index happens once, when the desk starts, and is reported separately.
    """
    import time

    judged = [q for q in qrels if q in queries]
    missing = set(qrels) - set(queries)
    if missing:
        raise ValueError(f"{len(missing)} judged queries are absent from the queries file.")
    started = time.perf_counter()
    scorer.index([v.as_document() for v in vclaims])
    indexed = time.perf_counter()
    top, _scores = scorer.rank([query_for_tweet(queries[q]) for q in judged], k=5)
    ranked_seconds = time.perf_counter() - indexed
    rankings = {q: [vclaims[i].vclaim_id for i in row] for q, row in zip(judged, top, strict=True)}
    return EvaluationResult(
        queries=len(judged),
        map_at_1=mean_average_precision_at(rankings, qrels, 1),
        map_at_3=mean_average_precision_at(rankings, qrels, 3),
        map_at_5=mean_average_precision_at(rankings, qrels, 5),
        queries_per_second=len(judged) / max(ranked_seconds, 1e-9),
        index_seconds=indexed - started,
    )
