"""demo_setup: demo accounts and the demo articles (idempotent; safe to run at every start)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from claims.accounts import user_create_with_role
from claims.ingest.services import article_ingest

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
ACCOUNTS = [("factchecker", "fact-checker", "factcheck-demo"), ("editor", "editor", "editor-demo"),
            ("editor2", "editor", "editor2-demo")]


class Command(BaseCommand):
    help = "Create the demo accounts and ingest the demo articles."

    def handle(self, *args, **options):
        for username, role, password in ACCOUNTS:
            user_create_with_role(username=username, role=role, password=password)
        for path in sorted(DEMO_DIR.glob("*.txt")):
            article = article_ingest(text=path.read_text(encoding="utf-8"))
            self.stdout.write(f"Article {article.pk}: {article.title} ({article.claims.count()} claims)")
        self.stdout.write(self.style.SUCCESS("Demo accounts (username / password):"))
        for username, role, password in ACCOUNTS:
            self.stdout.write(f"  {role:13} {username} / {password}")
