"""manage.py evaluate_matching: score the claim matcher on CheckThat! 2022 Task 2A files.

Ranks every fact-check of ``--vclaims`` for each query judged in ``--qrels`` with the scorer the
desk uses, and prints MAP@1, MAP@3, MAP@5 and queries per second (``--json`` for a machine).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.matching.checkthat import evaluation_run, qrels_read, queries_read, vclaims_read
from claims.matching.scorers import SCORER_NAMES, EmbeddingsUnavailable, scorer_for


class Command(BaseCommand):
    help = "Evaluate claim matching (MAP@1/3/5, queries/s) on CheckThat! claim-retrieval files."

    def add_arguments(self, parser):
        parser.add_argument("--vclaims", required=True, type=Path, help="vclaims.jsonl")
        parser.add_argument("--queries", required=True, type=Path, help="queries TSV (id, text)")
        parser.add_argument("--qrels", required=True, type=Path, help="QRELs TSV; picks the split")
        parser.add_argument("--scorer", choices=SCORER_NAMES, default="lexical")
        parser.add_argument(
            "--no-dates",
            action="store_true",
            help="Rank on text alone, without the bonus for fact-checks dated near the tweet.",
        )
        parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")

    def handle(self, *args, **options):
        for key in ("vclaims", "queries", "qrels"):
            if not options[key].is_file():
                raise CommandError(f"--{key}: {options[key]} is not a file.")
        try:
            vclaims = vclaims_read(options["vclaims"])
            queries = queries_read(options["queries"])
            qrels = qrels_read(options["qrels"])
            scorer = scorer_for(
                options["scorer"], time_proximity=not options["no_dates"], corpus_cache=True
            )
            result = evaluation_run(scorer=scorer, vclaims=vclaims, queries=queries, qrels=qrels)
        except (ValueError, EmbeddingsUnavailable) as error:
            raise CommandError(str(error)) from error
        figures = {"scorer": scorer.name, "dates": not options["no_dates"], **result.as_json()}
        if options["json"]:
            self.stdout.write(json.dumps(figures))
            return
        self.stdout.write(
            f"scorer {scorer.name}{'' if options['no_dates'] else ' + dates'}, "
            f"{result.queries} queries against {len(vclaims)} fact-checks\n"
            f"MAP@1 {result.map_at_1:.4f}\nMAP@3 {result.map_at_3:.4f}\nMAP@5 {result.map_at_5:.4f}\n"
            f"queries/s {result.queries_per_second:.1f} (index built in {result.index_seconds:.1f} s)"
        )
