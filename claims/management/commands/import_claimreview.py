"""manage.py import_claimreview FILE_OR_URL [--format claimreview|vclaims]

Imports published fact-checks so new claims can be matched against them ("already checked").
A URL is fetched through the desk's SSRF-guarded fetcher. The import is one transaction:
a bad feed changes nothing, and importing the same feed again creates nothing new.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.ingest.fetch import FetchError, guarded_fetch
from claims.matching.claimreview import DEFAULT_MAX_BYTES, FORMATS, FeedInvalid
from claims.matching.services import fact_checks_import


def feed_max_bytes() -> int:
    return int(getattr(settings, "CLAIMDESK_FEED_MAX_BYTES", DEFAULT_MAX_BYTES))


class Command(BaseCommand):
    help = (
        "Import fact-checks from a ClaimReview JSON-LD feed (file or URL) or a vclaims.jsonl file."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="FILE_OR_URL")
        parser.add_argument("--format", choices=FORMATS, default="claimreview")

    def handle(self, *args, **options):
        payload = self._read(options["source"])
        try:
            result = fact_checks_import(payload=payload, format=options["format"])
        except FeedInvalid as error:
            raise CommandError(f"Nothing imported: {error}") from None
        self.stdout.write(
            f"Imported {result.created} new fact-checks ({result.existing} were already imported)."
        )

    def _read(self, source: str) -> bytes:
        limit = feed_max_bytes()
        if source.startswith(("http://", "https://")):
            try:
                return guarded_fetch(source, max_bytes=limit).content
            except FetchError as error:
                raise CommandError(f"Nothing imported: {error.message}") from None
        path = Path(source)
        if not path.is_file():
            raise CommandError(
                f"No file at {source}; give a ClaimReview JSON file, a vclaims file or a URL."
            )
        if path.stat().st_size > limit:
            raise CommandError(
                f"Nothing imported: {source} is {path.stat().st_size:,} bytes, over the "
                f"{limit:,}-byte limit (CLAIMDESK_FEED_MAX_BYTES); split the feed."
            )
        return path.read_bytes()
