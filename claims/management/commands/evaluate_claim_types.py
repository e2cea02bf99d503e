"""evaluate_claim_types FILE.json [--json]: per-type precision/recall on AVeriTeC claims.

The mapping of AVeriTeC's types onto ours and how multi-type claims are scored
are documented in ``claims.extraction.evaluation``.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.extraction.evaluation import evaluate_claim_types


class Command(BaseCommand):
    help = "Measure claim typing against AVeriTeC's claim_types (per-type precision and recall)."

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="An AVeriTeC JSON file (a list of claims with claim_types)."
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument(
            "--errors", type=int, default=10, help="How many misclassified claims to list."
        )

    def handle(self, *args, file, errors: int = 10, **options):
        path = Path(file)
        try:
            records = _load(path)
        except (OSError, ValueError) as error:
            raise CommandError(
                f"Could not read {path}: {error}. Give the path of an AVeriTeC JSON file."
            ) from error
        result = evaluate_claim_types(records)
        result["errors"] = result["errors"][:errors]
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(
            f"{result['claims']} claims; primary type is one of the gold types: "
            f"{result['primary_accuracy']:.1%}"
        )
        for scoring in ("primary", "labels"):
            self.stdout.write(f"\n{scoring} scoring   precision  recall   f1     support predicted")
            for kind, row in result[scoring].items():
                self.stdout.write(
                    f"  {kind:<10} {row['precision']:>9.3f} {row['recall']:>7.3f} {row['f1']:>6.3f}"
                    f" {row['support']:>8} {row['predicted']:>9}"
                )
        self.stdout.write("\nSome misclassified claims:")
        for error in result["errors"]:
            self.stdout.write(
                f"  gold {'+'.join(error['gold'])}, ours {error['predicted']}: {error['claim'][:110]}"
            )


def _load(path: Path) -> list:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError("expected a JSON list of claims")
    return data
