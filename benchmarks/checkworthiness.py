"""Check-worthiness scoring speed: sentences per second for each scorer.

    .venv/bin/python benchmarks/checkworthiness.py PATH/TO/dev.tsv [--runs 5] [--scorer default]

Scores every sentence of the TSV in one ``score_sentences`` call, ``--runs`` times
per scorer after one warm-up call (which loads the parameters, and for the
embeddings scorer the sentence encoder), and prints the median rate.  The
embeddings scorer is skipped with a note when its package is not installed.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claims.extraction import checkworthiness as cw  # noqa: E402
from claims.extraction.checkworthiness_training import read_tsv  # noqa: E402


def rate(texts: list[str], scorer: str, runs: int) -> list[float]:
    cw.score_sentences(texts[:16], scorer=scorer)
    rates = []
    for _ in range(runs):
        started = time.perf_counter()
        cw.score_sentences(texts, scorer=scorer)
        rates.append(len(texts) / (time.perf_counter() - started))
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tsv", help="A CheckThat! TSV (the dev file).")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scorer", action="append", choices=cw.SCORERS)
    args = parser.parse_args()
    texts = read_tsv(args.tsv).texts
    print(
        f"{len(texts)} sentences; {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} logical CPUs, load average {os.getloadavg()[0]:.1f}"
    )
    for scorer in args.scorer or list(cw.SCORERS):
        if cw.effective_scorer(scorer) != scorer:
            print(f"{scorer}: skipped (its package is not installed)")
            continue
        rates = rate(texts, scorer, args.runs)
        print(
            f"{scorer}: median {statistics.median(rates):,.0f} sentences/s over {args.runs} runs "
            f"(min {min(rates):,.0f}, max {max(rates):,.0f})"
        )


if __name__ == "__main__":
    main()
