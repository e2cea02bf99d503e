"""Benchmark of the public API under load: the published-verdicts feed and claims:search.

It creates its own PostgreSQL database (default ``claimdesk_apibench``), migrates it, fills it in
SQL with 100,000 published verdicts (one claim and one article each, 200 outlets), starts gunicorn
on 127.0.0.1 and drives it with wrk over loopback. In the same run, and from the same gunicorn, it
loads a bare Django JSON view of the same rows (same query, ``values()`` + ``JsonResponse``, no DRF)
as the yardstick; the aim is each API endpoint within 2× of its bare view (requests/s and p50).

    .venv/bin/python benchmarks/api.py                       # 100,000 verdicts, 30 s per endpoint
    .venv/bin/python benchmarks/api.py --verdicts 5000 --duration 5      # a quick look
    .venv/bin/python benchmarks/api.py --keep                # keep the database afterwards

Throttling stays on (rates raised so it never refuses). Needs PostgreSQL (DATABASE_URL's server,
default postgres://postgres@127.0.0.1:5432/postgres) and wrk (``apt-get install -y wrk``).
Results are printed and written to benchmarks/results/api.json.

When gunicorn imports this module (``api:application``) it serves Claimdesk's URLs plus the bare
views under /bench/.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SERVER_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
if not SERVER_URL.startswith("postgres"):
    SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PAGE_SIZE = 50  # the feed's default page
SEARCH_SIZE = 10  # claims:search's default pageSize
TOWNS = [
    "Ashford",
    "Brampton",
    "Corby",
    "Dunmore",
    "Elgin",
    "Fenwick",
    "Garston",
    "Hexham",
    "Ilkley",
    "Jarrow",
    "Keswick",
    "Ludlow",
    "Malton",
    "Nairn",
    "Oakham",
    "Penrith",
    "Queensbury",
    "Ripon",
    "Selby",
    "Thirsk",
]
SEARCH_WORD = "Keswick"  # in 1 claim of 20


# --- The bare views (served by gunicorn from this module) -----------------------------------------


def bare_verdicts(request):
    from django.http import JsonResponse

    from claims.models import Verdict

    rows = list(
        Verdict.objects.filter(status="published")
        .order_by("-published_at", "-id")
        .values(
            "id",
            "version",
            "status",
            "rating",
            "summary",
            "explanation",
            "published_at",
            "proposed_at",
            "claim_id",
            "claim__text",
            "claim__claimant",
            "claim__article_id",
            "claim__article__title",
            "claim__article__outlet__name",
            "claim__article__published_at",
            "proposed_by__username",
            "approved_by__username",
        )[:PAGE_SIZE]
    )
    return JsonResponse({"results": rows})


def bare_search(request):
    from django.http import JsonResponse

    from claims.api.search import claim_text_filter  # the same rows: the same full-text filter
    from claims.models import Verdict

    verdicts = claim_text_filter(
        Verdict.objects.filter(status="published"), request.GET.get("query", "")
    )
    rows = list(
        verdicts.order_by("-pk").values(
            "id",
            "rating",
            "summary",
            "published_at",
            "claim__text",
            "claim__claimant",
            "claim__article__published_at",
            "claim__article__language",
        )[: SEARCH_SIZE + 1]
    )
    return JsonResponse({"claims": rows[:SEARCH_SIZE]})


def _urlpatterns():
    from django.urls import include, path

    return [
        path("bench/verdicts/", bare_verdicts),
        path("bench/search/", bare_search),
        path("", include("newsroom.urls")),
    ]


def __getattr__(name):
    # Django reads `urlpatterns` from the ROOT_URLCONF module; build it only when asked (after setup).
    if name == "urlpatterns":
        return _urlpatterns()
    if name == "application":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
        from django.conf import settings
        from django.core.wsgi import get_wsgi_application

        app = get_wsgi_application()
        settings.ROOT_URLCONF = __name__
        return app
    raise AttributeError(name)


# --- Database --------------------------------------------------------------------------------------


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(SERVER_URL, autocommit=True) as conn:
        conn.execute(sql)


def database_url(name: str) -> str:
    return SERVER_URL.rsplit("/", 1)[0] + "/" + name


def seed(verdicts: int, outlets: int = 200) -> None:
    """100,000 published verdicts in SQL: outlets, articles, claims, verdicts, the two people."""
    from django.contrib.auth.models import Group, User
    from django.db import connection

    checker = User.objects.create(username="checker")
    checker.groups.add(Group.objects.get(name="Fact-checkers"))
    editor = User.objects.create(username="editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    towns = "ARRAY[" + ",".join(f"'{t}'" for t in TOWNS) + "]"
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO claims_outlet (name, domain, created_at) "
            "SELECT 'Outlet ' || g, 'outlet' || g || '.example', now() FROM generate_series(1, %s) g",
            [outlets],
        )
        cursor.execute(
            f"""
            INSERT INTO claims_article (title, outlet_id, byline, published_at, source_url, body, captions,
                                        sentences, content_hash, language, created_at)
            SELECT 'Report ' || g, (SELECT min(id) FROM claims_outlet) + g %% %s, '',
                   now() - (g || ' minutes')::interval, 'https://news.example/' || g,
                   'Officials in ' || ({towns})[1 + g %% 20] || ' said ' || g || ' people were evacuated.',
                   '[]', '[]', md5(g::text), 'en', now()
            FROM generate_series(1, %s) g
            """,
            [outlets, verdicts],
        )
        cursor.execute(
            """
            INSERT INTO claims_claim (article_id, text, start, "end", type, checkworthiness, claimant, entities,
                                      quantities, dates, signals, origin, status, assignee_id, dismissed_reason,
                                      outlet_count, created_at, updated_at, status_changed_at)
            SELECT id, body, 0, length(body), 'quantity', 0.8, 'The mayor', '[]', '[]', '[]', '[]', 'extracted',
                   'published', %s, '', 1, now(), now(), now()
            FROM claims_article
            """,
            [checker.pk],
        )
        cursor.execute(
            """
            INSERT INTO claims_verdict (claim_id, version, rating, summary, explanation, status, proposed_by_id,
                                        proposed_at, approved_by_id, published_at, send_back_note,
                                        correction_note, unpublished_reason, lock_version, updated_at)
            SELECT c.id, 1, (ARRAY['true','mostly-true','half-true','mostly-false','false','misleading'])[1 + c.id %% 6],
                   'Records show a different figure for claim ' || c.id || '.', 'Explained with sources.',
                   'published', %s, now(), %s, a.published_at + interval '1 hour', '', '', '', 2, now()
            FROM claims_claim c JOIN claims_article a ON a.id = c.article_id
            """,
            [checker.pk, editor.pk],
        )
        cursor.execute("ANALYZE")


# --- Load ---------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def run_wrk(url: str, *, duration: int, connections: int, threads: int) -> dict:
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": _ms(re.search(r"\s50%\s+(\S+)", out).group(1)),
        "p99_ms": _ms(re.search(r"\s99%\s+(\S+)", out).group(1)),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


CASES = [
    ("published verdicts (API)", "/api/v1/verdicts/?published=true"),
    ("published verdicts (bare view)", "/bench/verdicts/"),
    ("claims:search (API)", f"/api/v1/claims:search?query={SEARCH_WORD}"),
    ("claims:search (bare view)", f"/bench/search/?query={SEARCH_WORD}"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verdicts", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=30, help="seconds of load per endpoint")
    parser.add_argument(
        "--rounds", type=int, default=3, help="alternating rounds the duration is split in"
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--database", default="claimdesk_apibench")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk")

    url = database_url(args.database)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DATABASE_CONN_MAX_AGE": "600",
        "CLAIMDESK_THROTTLE_ANON": "100000000/min",
        "CLAIMDESK_THROTTLE_USER": "100000000/min",
        "CLAIMDESK_THROTTLE_SEARCH": "100000000/min",
        "DJANGO_DEBUG": "0",
        "CLAIMDESK_LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    os.environ.update(env)
    _admin(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{args.database}"')
    server = None
    try:
        import django

        django.setup()
        from django.core.management import call_command

        started = time.monotonic()
        call_command("migrate", verbosity=0)
        seed(args.verdicts)
        print(
            f"seeded {args.verdicts:,} published verdicts in {time.monotonic() - started:.0f} s",
            flush=True,
        )

        port = _free_port()
        server = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "api:application",
                "--pythonpath",
                str(ROOT / "benchmarks"),
                "--chdir",
                str(ROOT),
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                str(args.workers),
                "--log-level",
                "warning",
            ],
            env=env,
        )
        _wait_for(port)
        base = f"http://127.0.0.1:{port}"
        for _, path in CASES:
            run_wrk(base + path, duration=2, connections=args.connections, threads=2)  # warm up
        # The machine may be shared: alternate the cases in short rounds so each API endpoint and
        # its bare view see the same conditions, then take the median of the rounds.
        rounds: dict[str, list[dict]] = {name: [] for name, _ in CASES}
        for _ in range(args.rounds):
            for name, path in CASES:
                rounds[name].append(
                    run_wrk(
                        base + path,
                        duration=max(1, args.duration // args.rounds),
                        connections=args.connections,
                        threads=2,
                    )
                )
        results = {}
        for name, _ in CASES:
            runs = rounds[name]
            results[name] = {
                key: statistics.median(run[key] for run in runs)
                for key in ("requests_per_s", "p50_ms", "p99_ms")
            }
            results[name]["errors"] = sum(run["errors"] for run in runs)
            r = results[name]
            print(
                f"{name:34s} {r['requests_per_s']:8.1f} req/s   p50 {r['p50_ms']:7.2f} ms   "
                f"p99 {r['p99_ms']:7.2f} ms   non-2xx {r['errors']}",
                flush=True,
            )
        for api_case, bare_case in ((CASES[0][0], CASES[1][0]), (CASES[2][0], CASES[3][0])):
            ratio = results[bare_case]["requests_per_s"] / results[api_case]["requests_per_s"]
            latency = results[api_case]["p50_ms"] / results[bare_case]["p50_ms"]
            print(
                f"{api_case}: bare view serves {ratio:.2f}× the API's requests/s; "
                f"API p50 is {latency:.2f}× the bare view's (aim ≤ 2×)"
            )
            results[api_case]["bare_over_api_requests"] = round(ratio, 2)
            results[api_case]["api_over_bare_p50"] = round(latency, 2)
        out = ROOT / "benchmarks" / "results" / "api.json"
        out.parent.mkdir(exist_ok=True)
        out.write_text(
            json.dumps(
                {
                    "verdicts": args.verdicts,
                    "duration_s": args.duration,
                    "connections": args.connections,
                    "rounds": args.rounds,
                    "gunicorn_workers": args.workers,
                    "results": results,
                },
                indent=2,
            )
            + "\n"
        )
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _admin(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')


if __name__ == "__main__":
    main()
