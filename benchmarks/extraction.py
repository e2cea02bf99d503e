"""Throughput of the full extraction pipeline: sentences per second, median of 5 runs.

    .venv/bin/python benchmarks/extraction.py [--seeds ../shared/seeds]
        [--newsclaims ../shared/datasets/newsclaims/all_sents.json] [--runs 5]

Input (read at run time, never copied): the seed articles, parsed by the ingest
parser as in the app, and the NewsClaims news articles rebuilt from their
sentences. Each run calls ``claims.extraction.pipeline.extract`` on every
article (sentence splitting, the check-worthiness model, claimants, entities,
quantities, dates, types) as the ingest service does (``explain_all=False``).
Prints the machine, the median wall-clock and CPU time and every run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def _machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def _articles(seeds: Path, newsclaims: Path) -> list[tuple[str, object]]:
    from claims.ingest.text import parse_text

    articles: list[tuple[str, object]] = []
    if seeds.is_dir():
        for path in sorted(seeds.glob("*.txt")):
            parsed = parse_text(path.read_text(encoding="utf-8"))
            published = parsed.published_at
            articles.append(
                (parsed.body, published.date() if hasattr(published, "date") else published)
            )
    if newsclaims.is_file():
        for sentences in json.loads(newsclaims.read_text(encoding="utf-8")).values():
            ordered = sorted(sentences.values(), key=lambda s: s["start_char"])
            articles.append(("\n\n".join(s["sentence"] for s in ordered), None))
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=SHARED / "seeds")
    parser.add_argument(
        "--newsclaims", type=Path, default=SHARED / "datasets" / "newsclaims" / "all_sents.json"
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threshold", type=float, default=0.5)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from claims.extraction.pipeline import extract

    articles = _articles(args.seeds, args.newsclaims)
    if not articles:
        sys.exit(f"No input: neither {args.seeds} nor {args.newsclaims} exists.")
    extract(
        articles[0][0], published=articles[0][1], threshold=args.threshold
    )  # load the model once

    timings, cpu_timings, sentences = [], [], 0
    for _ in range(args.runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        sentences = sum(
            len(extract(body, published=day, threshold=args.threshold, explain_all=False))
            for body, day in articles
        )
        timings.append(time.perf_counter() - started)
        cpu_timings.append(time.process_time() - cpu_started)
    median = statistics.median(timings)
    cpu_median = statistics.median(cpu_timings)
    print(f"machine: {_machine()}")
    print(f"input: {len(articles)} articles, {sentences} sentences")
    print(
        f"median of {args.runs} runs: {median:.2f} s → {sentences / median:,.0f} sentences/s, "
        f"{len(articles) / median:,.1f} articles/s"
    )
    print(
        f"CPU time (median): {cpu_median:.2f} s → {sentences / cpu_median:,.0f} sentences per CPU-second "
        f"(less sensitive to other load on the machine; load average now {os.getloadavg()[0]:.1f})"
    )
    print("runs (s): " + ", ".join(f"{t:.2f}" for t in timings))


if __name__ == "__main__":
    main()
