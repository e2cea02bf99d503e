"""Benchmark of rescoring a corrected span: what an editor's promote, split or merge waits for.

Each correction re-reads the whole article with the extraction pipeline (so a claimant named earlier
still resolves) and, for a span that is not one of the article's sentences, extracts the span on its
own as well. This times ``claims.extraction.corrections.span_extraction`` on the seed articles for a
whole sentence and for half a sentence, without the database (the article is not saved).

    .venv/bin/python benchmarks/corrections.py [--runs 7]

Prints the median milliseconds per rescoring and writes benchmarks/results/corrections.json.
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
SEEDS = ROOT.parent / "shared" / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from claims.extraction.corrections import article_drafts, span_extraction
    from claims.models import Article

    if not SEEDS.is_dir():
        sys.exit(f"seed articles not found at {SEEDS}")
    results = []
    for seed in sorted(SEEDS.glob("*.txt")):
        article = Article(body=seed.read_text(encoding="utf-8"))
        drafts = article_drafts(article)  # warms the model
        sentence = max(drafts, key=lambda d: len(d.text))
        half = sentence.start + len(sentence.text) // 2
        for label, (start, end) in {
            "sentence": (sentence.start, sentence.end),
            "half_sentence": (sentence.start, article.body.rindex(" ", sentence.start, half)),
        }.items():
            timings = []
            for _ in range(args.runs):
                began = time.perf_counter()
                span_extraction(article, start, end)
                timings.append((time.perf_counter() - began) * 1000)
            results.append(
                {
                    "seed": seed.name,
                    "sentences": len(drafts),
                    "span": label,
                    "median_ms": round(statistics.median(timings), 1),
                }
            )
            print(f"{seed.name}: {len(drafts)} sentences, {label}: {results[-1]['median_ms']} ms")
    out = ROOT / "benchmarks" / "results" / "corrections.json"
    out.parent.mkdir(exist_ok=True)
    machine = f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}"
    out.write_text(
        json.dumps({"machine": machine, "runs": args.runs, "results": results}, indent=2)
    )


if __name__ == "__main__":
    main()
