"""Benchmark of the review desk on PostgreSQL: the queue (with filters) and the claim page.

It creates its own database (default ``claimdesk_bench``), migrates it, fills it with generated
rows in SQL (generate_series: 100,000 articles × 10 claims = 1,000,000 claims, 200 outlets,
1% of claims in `same` clusters, statuses 60/15/5/10/10 % new/researching/in review/published/
dismissed), then requests each page with Django's test Client as a signed-in editor and reports
the server time per request (median, p95) and the SQL query count. In the same run it measures a
bare Django view (login required, 50 rows of the claims table, one small template) as the yardstick:
the aim is the queue within 1.5× of it, and a query count that does not grow with page size.
"median ms" is wall time per request (the server's time, database included); "cpu ms" is this
process's CPU time per request (Python only), steadier than wall time on a shared, busy machine.

    .venv/bin/python benchmarks/review.py                 # 1,000,000 claims, 50 requests per case
    .venv/bin/python benchmarks/review.py --articles 1000 --requests 10   # a quick look
    .venv/bin/python benchmarks/review.py --keep          # keep the database afterwards

The database is dropped at the end unless --keep is given. Needs PostgreSQL (DATABASE_URL's server,
default postgres://postgres@127.0.0.1:5432/postgres).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SERVER_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
if not SERVER_URL.startswith("postgres"):
    SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres"

# Sentences have a fixed width so each claim's offsets are arithmetic: (k * (WIDTH + 1), + WIDTH).
WORDS = ["evacuated", "relocated", "displaced", "sheltered", "protected"]  # all nine letters
TYPES = ["quantity", "quantity", "quantity", "event", "causal", "quote", "rule", "prediction"]


def sentence_sql(g: str, k: str) -> str:
    """A claim sentence; its "topicNNN" word (500 topics, 0.2% of claims each) is what a searcher
    would type — the other words are in a fifth of all claims or more."""
    return (
        f"format('Officials in district %s said %s people were {{word}} on day %s (topic%s).', "
        f"lpad(({g})::text, 6, '0'), lpad(((({g}) * 7 + ({k}) * 13) % 100000)::text, 5, '0'), ({k}), "
        f"lpad(((({g}) * 10 + ({k}) * 7) % 500)::text, 3, '0'))"
    ).replace(
        "{word}", "' || (ARRAY" + repr(WORDS).replace('"', "'") + f")[1 + (({g}) + ({k})) % 5] || '"
    )


def sentence_width() -> int:
    return len("Officials in district 000001 said 00013 people were evacuated on day 0 (topic042).")


def recreate_database(name: str) -> None:
    import psycopg

    with psycopg.connect(SERVER_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(SERVER_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed(articles: int, outlets: int = 200) -> dict:
    """Fill the database in SQL; returns the people and the claim the claim page benchmark opens."""
    from django.contrib.auth.models import Group, User
    from django.db import connection

    fact_checkers = Group.objects.get(name="Fact-checkers")
    editors = Group.objects.get(name="Editors")
    people = []
    for n in range(8):
        user = User.objects.create(username=f"checker{n}")
        user.groups.add(fact_checkers)
        people.append(user)
    for n in range(3):
        user = User.objects.create(username=f"editor{n}")
        user.groups.add(editors)
        people.append(user)
    ids = "ARRAY[" + ",".join(str(p.pk) for p in people) + "]::bigint[]"
    width = sentence_width()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.42)")
        # No parameters are passed, so the SQL's own % signs (modulo, format()) need no escaping.
        cursor.execute(
            "INSERT INTO claims_outlet (id, name, domain, created_at) "
            f"SELECT g, 'Outlet ' || g, 'outlet' || g || '.example', now() FROM generate_series(1, {outlets}) g"
        )
        cursor.execute(
            f"""
            INSERT INTO claims_article (id, title, outlet_id, byline, published_at, source_url, body, captions,
                                        sentences, content_hash, language, created_at)
            SELECT g, 'Floods across district ' || g, 1 + g % {outlets}, '', now() - (g % 2000) * interval '1 hour',
                   '', (SELECT string_agg({sentence_sql("g", "k")}, ' ' ORDER BY k) FROM generate_series(0, 9) k),
                   '[]', '[]', md5(g::text), 'en', now() - (g % 2000) * interval '1 hour'
            FROM generate_series(1, {articles}) g
            """
        )
        print(f"  articles: {time.perf_counter() - started:.1f} s", flush=True)
        cursor.execute(
            f"""
            INSERT INTO claims_claim (id, article_id, text, start, "end", type, checkworthiness, claimant, entities,
                                      quantities, dates, signals, origin, status, assignee_id, dismissed_reason,
                                      cluster_id, outlet_count, created_at, updated_at, status_changed_at)
            SELECT (g - 1) * 10 + k + 1, g, {sentence_sql("g", "k")}, k * {width + 1}, k * {width + 1} + {width},
                   (ARRAY{TYPES!r})[1 + (g * 3 + k) % 8], random(), 'officials', '[]', '[]', '[]',
                   '[{{"signal": "number", "detail": "states an amount", "effect": 0.25}}]', 'extracted',
                   CASE WHEN (g * 10 + k) % 20 < 12 THEN 'new' WHEN (g * 10 + k) % 20 < 15 THEN 'researching'
                        WHEN (g * 10 + k) % 20 < 16 THEN 'in_review' WHEN (g * 10 + k) % 20 < 18 THEN 'published'
                        ELSE 'dismissed' END,
                   CASE WHEN (g * 10 + k) % 20 < 12 THEN NULL ELSE ({ids})[1 + (g + k) % {len(people)}] END,
                   CASE WHEN (g * 10 + k) % 20 >= 18 THEN 'Not checkable.' ELSE '' END,
                   CASE WHEN k = 0 AND g % 100 IN (0, 1, 2) AND g - g % 100 >= 1
                        THEN (g - g % 100 - 1) * 10 + 1 END,
                   CASE WHEN k = 0 AND g % 100 IN (0, 1, 2) THEN 3 ELSE 1 END,
                   now() - ((g * 10 + k) % 5000) * interval '1 minute', now(), now()
            FROM generate_series(1, {articles}) g, generate_series(0, 9) k
            """
        )
        print(f"  claims: {time.perf_counter() - started:.1f} s", flush=True)
        for table in ("claims_outlet", "claims_article", "claims_claim"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        cursor.execute(
            "VACUUM ANALYZE"
        )  # what autovacuum does after a bulk load: statistics, visibility map
    print(f"  seeded and analysed in {time.perf_counter() - started:.1f} s", flush=True)
    return {"people": people, "editor": people[-1], "checker": people[0]}


def workspace_claim(world: dict):
    """A claim with some history: evidence, comments and a proposed verdict."""
    from claims.models import Claim
    from claims.review import services

    services._schedule_snapshot = lambda evidence: None  # no page fetches in a benchmark
    from claims.models import Verdict

    earlier = Verdict.objects.select_related("claim").order_by("id").first()
    if earlier is not None:  # --reuse: the claim prepared by the first run
        return earlier.claim
    claim = Claim.objects.filter(status=Claim.Status.RESEARCHING).order_by("id").first()
    checker = world["checker"]
    for n in range(5):
        services.evidence_add(
            claim=claim,
            url=f"https://stats.example/report-{n}",
            title=f"Report {n}",
            excerpt="Figures from the civil protection agency.",
            stance="refutes",
            by=checker,
        )
        services.comment_add(
            claim=claim, body=f"Note {n}: checking the agency's figures.", by=checker
        )
    services.verdict_propose(
        claim=claim, rating="mostly-false", summary="Fewer people were evacuated.", by=checker
    )
    return claim


# --- The yardstick: a bare Django view ----------------------------------------------------------

BARE_TEMPLATE = """<!doctype html><title>Claims</title><table>{% for claim in claims %}
<tr><td>{{ claim.text }}</td><td>{{ claim.type }}</td><td>{{ claim.checkworthiness|floatformat:2 }}</td>
<td>{{ claim.status }}</td><td>{{ claim.created_at|date:"Y-m-d" }}</td></tr>{% endfor %}</table>"""


def bare_claims(request):
    from django.contrib.auth.views import redirect_to_login
    from django.http import HttpResponse
    from django.template import engines

    from claims.models import Claim

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    claims = Claim.objects.only("id", "text", "type", "checkworthiness", "status", "created_at")[
        :50
    ]
    template = engines["django"].from_string(BARE_TEMPLATE)
    return HttpResponse(template.render({"claims": claims}, request))


def urlpatterns_with_bare_view():
    from django.urls import include, path

    return [path("bench/bare/", bare_claims), path("", include("newsroom.urls"))]


# --- Measuring ------------------------------------------------------------------------------


def measure(client, cases: list[tuple[str, str]], *, requests: int, warmup: int = 5) -> list[dict]:
    """Time every case `requests` times, round-robin, so a busy machine slows all cases alike."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    results = []
    for label, url in cases:
        for _ in range(warmup):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code, response.content[:500])
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        # Read them now: the next request's request_started signal clears the connection's query log.
        results.append(
            {
                "case": label,
                "url": url,
                "times": [],
                "cpu": [],
                "sql": [query["sql"] for query in queries.captured_queries],
            }
        )
    for _ in range(requests):
        for result in results:
            started, cpu = time.perf_counter(), time.process_time()
            client.get(result["url"])
            result["times"].append((time.perf_counter() - started) * 1000)
            result["cpu"].append((time.process_time() - cpu) * 1000)
    for result in results:
        times = sorted(result.pop("times"))
        result["median_ms"] = round(statistics.median(times), 2)
        result["p95_ms"] = round(times[max(0, int(len(times) * 0.95) - 1)], 2)
        result["cpu_median_ms"] = round(statistics.median(result.pop("cpu")), 2)
        result["queries"] = len(result["sql"])
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--articles", type=int, default=100_000, help="articles; each carries 10 claims"
    )
    parser.add_argument("--requests", type=int, default=50, help="timed requests per case")
    parser.add_argument("--database", default="claimdesk_bench")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="reuse a kept database (skip seeding)")
    parser.add_argument("--show-sql", action="store_true", help="print each case's SQL")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = SERVER_URL.rsplit("/", 1)[0] + "/" + args.database
    os.environ.pop("TEST_DATABASE_NAME", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    if not args.reuse:
        recreate_database(args.database)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    from claims.models import Claim

    try:
        if not args.reuse:
            print(f"Migrating {args.database} …", flush=True)
            call_command("migrate", verbosity=0)
            print(
                f"Seeding {args.articles:,} articles, {args.articles * 10:,} claims …", flush=True
            )
            world = seed(args.articles)
        else:
            from django.contrib.auth.models import User

            world = {
                "editor": User.objects.get(username="editor2"),
                "checker": User.objects.get(username="checker0"),
            }
        claim = workspace_claim(world)
        outlet_id = Claim.objects.get(pk=claim.pk).article.outlet_id

        sys.modules[__name__].urlpatterns = urlpatterns_with_bare_view()
        client = Client()
        client.force_login(world["editor"])
        cases = [
            ("bare view, 50 rows", "/bench/bare/"),
            ("queue, default (open claims by score)", "/queue/"),
            (
                "queue, status=new type=quantity score≥0.5",
                "/queue/?status=new&type=quantity&min_score=0.5",
            ),
            ("queue, one outlet, sort by age", f"/queue/?outlet={outlet_id}&sort=-age"),
            ("queue, words (0.2% of claims)", "/queue/?q=topic042"),
            ("queue, assignee=none, sort by outlets", "/queue/?assignee=none&sort=outlets"),
            ("queue, 200 rows per page", "/queue/?per_page=200"),
            ("queue, page 20", "/queue/?page=20"),
            ("claim page", f"/claims/{claim.pk}/"),
        ]
        with override_settings(ROOT_URLCONF=__name__, DEBUG=False, ALLOWED_HOSTS=["testserver"]):
            assert settings.ROOT_URLCONF == __name__
            results = measure(client, cases, requests=args.requests)
        bare = results[0]["median_ms"]
        claims = Claim.objects.count()
        print(
            f"\n{claims:,} claims · {args.requests} requests per case · PostgreSQL · Django test Client\n"
        )
        bare_cpu = results[0]["cpu_median_ms"]
        print(
            f"{'case':44} {'median ms':>9} {'p95 ms':>8} {'× bare':>7} {'cpu ms':>7} {'× bare':>7} {'queries':>7}"
        )
        for result in results:
            print(
                f"{result['case']:44} {result['median_ms']:>9.2f} {result['p95_ms']:>8.2f} "
                f"{result['median_ms'] / bare:>7.2f} {result['cpu_median_ms']:>7.2f} "
                f"{result['cpu_median_ms'] / bare_cpu:>7.2f} {result['queries']:>7}"
            )
            if args.show_sql:
                for sql in result["sql"]:
                    print("    ", sql[:400])
        out = ROOT / "benchmarks" / "results"
        out.mkdir(parents=True, exist_ok=True)
        (out / "review.json").write_text(
            json.dumps({"claims": claims, "results": results}, indent=2)
        )
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(args.database)
            print(f"\nDropped {args.database}.")


if __name__ == "__main__":
    main()
