"""Throughput of ingest + extraction: articles/s and sentences/s, median of several runs.

    .venv/bin/python benchmarks/ingest.py [--seeds ../shared/seeds]
        [--dataset ../shared/datasets/newsclaims/all_sents.json] [--runs 5] [--limit 0]

Each run ingests every article through ``article_ingest`` (parsing, dedupe check, saving,
sentence splitting and claim extraction, audit) inside a transaction that is rolled back at the
end, so every run does the full work. Two figures per corpus: the full service as it stands
(including the follow-up work other stages hang on it: claim matching, lookup scheduling) and
ingest + extraction alone (those follow-ups patched out), plus the parser alone. The NewsClaims articles are rebuilt from their sentences
and offsets. Unless DATABASE_URL is set, a throw-away SQLite database in a temporary folder is
used. The datasets are read where they lie; nothing is copied.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def newsclaims_articles(path: Path, limit: int) -> list[str]:
    """Each NewsClaims article's text, rebuilt by placing its sentences at their offsets."""
    data = json.loads(path.read_text(encoding="utf-8"))
    articles = []
    for sentences in data.values():
        spans = sorted(sentences.values(), key=lambda s: s["start_char"])
        text = ""
        for sentence in spans:
            gap = sentence["start_char"] - len(text)
            text += (" " if gap <= 1 else "\n\n") if gap > 0 else " "
            text += sentence["sentence"]
        articles.append(text.strip())
        if limit and len(articles) >= limit:
            break
    return articles


class Rollback(Exception):
    pass


def timed_runs(texts: list[str], runs: int, user) -> tuple[list[float], int]:
    from django.db import transaction

    from claims.ingest.services import article_ingest

    durations, sentences = [], 0
    for _ in range(runs):
        sentences = 0
        started = time.perf_counter()
        try:
            with transaction.atomic():
                for text in texts:
                    article = article_ingest(text=text, user=user)
                    sentences += len(article.sentences)
                durations.append(time.perf_counter() - started)
                raise Rollback
        except Rollback:
            pass
    return durations, sentences


def parse_runs(texts: list[str], runs: int) -> None:
    """The parser alone (no database, no extraction), for comparison."""
    from claims.ingest.text import parse_text

    durations = []
    for _ in range(runs):
        started = time.perf_counter()
        for text in texts:
            parse_text(text)
        durations.append(time.perf_counter() - started)
    median = statistics.median(durations)
    print(f"  parsing only: median {median:.3f} s -> {len(texts) / median:.0f} articles/s")


def without_follow_ups():
    """Patch out the follow-up work other stages hang on ingest (matching, lookup scheduling),
    to time ingest + extraction alone."""
    import claims.ingest.services as ingest_services
    import claims.matching.services as matching_services

    saved = []
    for module, name in (
        (ingest_services, "lookups_schedule_for_article"),
        (matching_services, "relations_find_for_claims"),
    ):
        if hasattr(module, name):
            saved.append((module, name, getattr(module, name)))
            setattr(module, name, lambda **kwargs: [])
    return saved


def report(
    name: str, texts: list[str], runs: int, user, *, label: str, parse: bool = False
) -> None:
    timed_runs(texts[:2], 1, user)  # warm-up: imports, lazy models, dateparser's locale data
    durations, sentences = timed_runs(texts, runs, user)
    median = statistics.median(durations)
    print(
        f"{name}{label}: {len(texts)} articles, {sentences} sentences per run; "
        f"median {median:.3f} s over {runs} runs (min {min(durations):.3f}, max {max(durations):.3f}) -> "
        f"{len(texts) / median:.1f} articles/s, {sentences / median:.0f} sentences/s"
    )
    if parse:
        parse_runs(texts, runs)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", type=Path, default=SHARED / "seeds")
    parser.add_argument(
        "--dataset", type=Path, default=SHARED / "datasets" / "newsclaims" / "all_sents.json"
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--dataset-runs", type=int, default=3, help="Runs for the (larger) dataset."
    )
    parser.add_argument(
        "--limit", type=int, default=0, help="At most this many dataset articles (0: all)."
    )
    parser.add_argument(
        "--full-limit",
        type=int,
        default=30,
        help="Dataset articles for the full-service figure (matching grows with the desk; 0: all).",
    )
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = (
            f"sqlite:///{tempfile.mkdtemp(prefix='claimdesk-bench-')}/bench.sqlite3"
        )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from django.db import connection

    print(f"database: {connection.vendor}; extraction threshold and scorer from settings")

    suites = []
    if args.seeds.is_dir():
        seeds = [path.read_text(encoding="utf-8") for path in sorted(args.seeds.glob("*.txt"))]
        suites.append((f"seeds ({args.seeds})", seeds, args.runs))
    else:
        print(f"seeds: skipped, {args.seeds} not found")
    if args.dataset.is_file():
        articles = newsclaims_articles(args.dataset, args.limit)
        suites.append((f"newsclaims ({args.dataset.name})", articles, args.dataset_runs))
    else:
        print(f"newsclaims: skipped, {args.dataset} not found")

    for name, texts, runs in suites:
        if args.full_limit and name.startswith("newsclaims"):
            texts = texts[: args.full_limit]
        report(name, texts, runs, None, label=" — full ingest (with matching + lookup scheduling)")
    without_follow_ups()
    for name, texts, runs in suites:
        report(name, texts, runs, None, label=" — ingest + extraction", parse=True)


if __name__ == "__main__":
    main()
