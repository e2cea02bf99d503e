"""evaluate_checkworthiness FILE.tsv [--json] [--scorer default|embeddings]

Scores every sentence of a CheckThat! TSV with ``score_sentences`` (the code
path the app uses) and prints precision, recall and F1 of the positive class
("Yes"), the threshold and the sentences scored per second.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.extraction import checkworthiness
from claims.extraction.checkworthiness_training import evaluate


class Command(BaseCommand):
    help = "Measure check-worthiness scoring on a labelled CheckThat! TSV."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A TSV with Sentence_id, Text and class_label columns.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument(
            "--scorer",
            choices=checkworthiness.SCORERS,
            default=None,
            help="Override CLAIMDESK_CHECKWORTHINESS_SCORER.",
        )
        parser.add_argument(
            "--model-dir",
            default=str(checkworthiness.MODEL_DIR),
            help="Parameter folder (default: the shipped one).",
        )

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}. Give the path of a CheckThat! TSV.")
        try:
            result = evaluate(path, scorer=options["scorer"], model_dir=Path(options["model_dir"]))
        except (FileNotFoundError, KeyError) as error:
            raise CommandError(
                f"No trained parameters in {options['model_dir']} ({error}); "
                "run train_checkworthiness first."
            ) from error
        except ValueError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        self.stdout.write(
            f"{result['n']} sentences, {result['scorer']} scorer, threshold {result['threshold']:.2f}\n"
            f"precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
            f"F1 {result['f1']:.3f}  ({result['sentences_per_second']:.0f} sentences/s)"
        )
