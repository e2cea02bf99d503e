"""manage.py ingest PATH_OR_URL [...] [--json]: ingest article files or URLs from the shell.

Each input goes through the same service as the web form and the API. With ``--json`` the
output is ``{"articles": [...]}``, each article exactly as ``GET /api/v1/articles/{id}/``
returns it (plus ``"errors": [...]`` when some input was refused). URLs are fetched by the
fetch task; the command waits for it.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from claims.api.articles import article_detail_data
from claims.ingest.services import article_fetch_outcome, article_fetch_request, article_ingest
from claims.ingest.validation import ArticleRejected


class Command(BaseCommand):
    help = "Ingest articles from .txt/.html files or URLs and print them (optionally as JSON)."

    def add_arguments(self, parser):
        parser.add_argument("inputs", nargs="+", metavar="PATH_OR_URL")
        parser.add_argument(
            "--json", action="store_true", help='Print {"articles": [...]} as JSON.'
        )
        parser.add_argument(
            "--title", help="Title for every input (default: found in the article)."
        )
        parser.add_argument("--outlet", help="Outlet name for every input.")
        parser.add_argument("--published-at", help="Publication date, YYYY-MM-DD.")
        parser.add_argument("--source-url", help="Source URL of the (single) article.")
        parser.add_argument(
            "--user", help="Username to record as the one who ingested the articles."
        )
        parser.add_argument(
            "--wait", type=float, default=120.0, help="Seconds to wait for a URL's fetch."
        )

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user named {options['user']}.")
        extra = {
            "title": options["title"],
            "outlet": options["outlet"],
            "published_at": options["published_at"],
            "source_url": options["source_url"],
        }
        extra = {key: value for key, value in extra.items() if value}

        articles, errors = [], []
        for source in options["inputs"]:
            try:
                article, created = self._ingest(
                    source, user=user, extra=extra, wait=options["wait"]
                )
            except ArticleRejected as error:
                errors.append({"input": source, **error.as_dict()})
                if not options["json"]:
                    self.stderr.write(f"{source}: {error.message}")
                continue
            data = article_detail_data(article)
            articles.append(data)
            if not options["json"]:
                verb = "Ingested" if created else "Already ingested"
                outlet = f" ({data['outlet']['name']})" if data["outlet"] else ""
                self.stdout.write(
                    f"{verb} article {data['id']}: {data['title']}{outlet} — {len(data['claims'])} claims"
                )

        if options["json"]:
            payload = {"articles": articles}
            if errors:
                payload["errors"] = errors
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        if errors:
            raise CommandError(
                f"{len(errors)} of {len(options['inputs'])} inputs could not be ingested."
            )

    def _ingest(self, source: str, *, user, extra: dict, wait: float):
        if source.lower().startswith(("http://", "https://")):
            fetch = article_fetch_request(url=source, user=user, options=extra)
            deadline = time.monotonic() + wait
            while (article := article_fetch_outcome(fetch)) is None:
                if time.monotonic() > deadline:
                    raise ArticleRejected(
                        f"The fetch of {source} is still {fetch.status} after {wait:g} s; "
                        "is a Celery worker running?",
                        code="fetch_pending",
                        field="url",
                    )
                time.sleep(0.25)
            return article, True
        path = Path(source)
        if not path.is_file():
            raise ArticleRejected(f"No file at {source}.", code="not_found", field="file")
        with path.open("rb") as file:
            article = article_ingest(file=file, user=user, **extra)
        return article, getattr(article, "created_now", True)
