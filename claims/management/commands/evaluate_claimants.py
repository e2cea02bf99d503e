"""evaluate_claimants --sentences all_sents.json --claims dev.json [--json]: claimant accuracy on NewsClaims.

Every article's sentences are read in order by the pipeline's claimant tracker
(so pronouns resolve); the normalisation used to compare names is documented
in ``claims.extraction.evaluation``.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.extraction.evaluation import evaluate_claimants


class Command(BaseCommand):
    help = "Measure claimant attribution against NewsClaims' claimer annotations (accuracy)."

    def add_arguments(self, parser):
        parser.add_argument("--sentences", required=True, help="NewsClaims all_sents.json")
        parser.add_argument(
            "--claims", required=True, help="NewsClaims dev.json (claim sentences with claimer)"
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument(
            "--errors", type=int, default=10, help="How many wrong attributions to list."
        )

    def handle(self, *args, sentences, claims, errors: int = 10, **options):
        loaded = {}
        for name, path in (("sentences", Path(sentences)), ("claims", Path(claims))):
            try:
                loaded[name] = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise CommandError(
                    f"Could not read {path}: {error}. Give the NewsClaims {name} file."
                ) from error
            if not isinstance(loaded[name], dict):
                raise CommandError(
                    f"{path} is not a NewsClaims file: expected an object keyed by article id."
                )
        result = evaluate_claimants(loaded["sentences"], loaded["claims"])
        result["errors"] = result["errors"][:errors]
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(
            f"{result['claims']} claim sentences: accuracy {result['accuracy']:.1%} "
            f"(strict {result['strict_accuracy']:.1%}; gold names a claimer {result['accuracy_gold_named']:.1%}, "
            f"gold says the article asserts it {result['accuracy_gold_none']:.1%})"
        )
        self.stdout.write("Some wrong attributions:")
        for error in result["errors"]:
            self.stdout.write(
                f"  gold {error['gold']!r}, ours {error['predicted']!r}: {error['sentence'][:100]}"
            )
