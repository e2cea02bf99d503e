"""train_checkworthiness --train FILE --dev FILE [--scorer default|embeddings] [--output DIR]

Rebuilds the shipped check-worthiness parameters from CheckThat! 2024 TSV files
(deterministic; see ``claims.extraction.checkworthiness_training``) and prints
the cross-validation and dev figures.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.extraction import checkworthiness
from claims.extraction.checkworthiness_training import train


class Command(BaseCommand):
    help = "Rebuild the check-worthiness model's parameters from a train and a dev TSV."

    def add_arguments(self, parser):
        parser.add_argument("--train", required=True, help="CheckThat! train TSV.")
        parser.add_argument("--dev", required=True, help="CheckThat! dev TSV (scored as a check).")
        parser.add_argument("--scorer", choices=checkworthiness.SCORERS, default="default")
        parser.add_argument(
            "--output",
            default=str(checkworthiness.MODEL_DIR),
            help="Folder for the parameters (default: the shipped folder).",
        )
        parser.add_argument(
            "--embeddings-cache",
            default=None,
            help="Folder to keep sentence embeddings in between runs (embeddings scorer only).",
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, **options):
        for key in ("train", "dev"):
            if not Path(options[key]).is_file():
                raise CommandError(
                    f"No such file: {options[key]}. Give the path of a CheckThat! TSV."
                )
        cache = options["embeddings_cache"]
        try:
            result = train(
                train_path=options["train"],
                dev_path=options["dev"],
                scorer=options["scorer"],
                output=Path(options["output"]),
                embeddings_cache=Path(cache) if cache else None,
                log=lambda line: self.stderr.write(line),
            )
        except checkworthiness.EmbeddingsUnavailable as error:
            raise CommandError(str(error)) from error
        except FileNotFoundError as error:
            raise CommandError(
                f"{error}. Train the default scorer into this folder first."
            ) from error
        except ValueError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        cv = result["cross_validation"]
        self.stdout.write(
            f"{result['scorer']} scorer written to {options['output']}\n"
            f"threshold {result['threshold']:.2f} (debate-blocked cross-validation of train: "
            f"P {cv['precision']:.3f} R {cv['recall']:.3f} F1 {cv['f1']:.3f})\n"
            f"dev ({result['n']} sentences): precision {result['precision']:.3f}  "
            f"recall {result['recall']:.3f}  F1 {result['f1']:.3f}"
        )
