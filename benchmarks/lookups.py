"""Benchmark of source lookups through Redis and real Celery workers.

N lookups (default 10,000) of the generic JSON provider against a local stub on 127.0.0.1 that
answers every search after 50 ms. Reports the throughput against the ideal (total worker
concurrency ÷ provider latency), the per-task overhead in ms (what each lookup costs beyond
the provider's 50 ms: broker round trip, claiming the row, the throttle's Redis calls, recording
the evidence), and checks that none was lost (every lookup done) or duplicated (one evidence row
and one provider request per lookup).

    .venv/bin/python benchmarks/lookups.py                          # 10,000 lookups, 2 workers × 8
    .venv/bin/python benchmarks/lookups.py --lookups 2000 --workers 1 --concurrency 4

It creates its own PostgreSQL database (default ``claimdesk_lookupbench``) on DATABASE_URL's
server (default postgres://postgres@127.0.0.1:5432/postgres) and uses Redis DB 5 unless
BENCH_REDIS_URL says otherwise. Evidence URLs point into the desk's own site URL, so no snapshot
tasks run: the figures are for lookups alone. Rate limits stay on, raised so they never bite.
Results are printed and written to benchmarks/results/lookups.json.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import signal
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SERVER_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")


def serve_stub(latency: float, port, requests) -> None:
    """The provider, in its own process (so it never competes with the publisher for the GIL):
    answers after ``latency`` seconds with one result per query."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            with requests.get_lock():
                requests.value += 1
            time.sleep(latency)
            query = parse_qs(urlsplit(self.path).query).get("q", [""])[0]
            site = f"http://127.0.0.1:{self.server.server_address[1]}"
            body = json.dumps(
                {
                    "results": [
                        {
                            "url": f"{site}/found/{query.replace(' ', '-')}",
                            "title": f"Result for {query}",
                        }
                    ]
                }
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    ThreadingHTTPServer.request_queue_size = 256
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port.value = server.server_address[1]
    server.serve_forever()


class Stub:
    def __init__(self, latency: float):
        self._port = multiprocessing.Value("i", 0)
        self._requests = multiprocessing.Value("i", 0)
        self.process = multiprocessing.Process(
            target=serve_stub, args=(latency, self._port, self._requests), daemon=True
        )
        self.process.start()
        while not self._port.value:
            time.sleep(0.05)
        self.port = self._port.value
        self.site = f"http://127.0.0.1:{self.port}"

    @property
    def requests(self) -> int:
        return self._requests.value


def database(name: str) -> str:
    import psycopg

    base = SERVER_URL.rsplit("/", 1)[0]
    with psycopg.connect(SERVER_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lookups", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    parser.add_argument("--concurrency", type=int, default=8, help="pool size of each worker")
    parser.add_argument("--latency", type=float, default=0.05, help="provider answer time, seconds")
    parser.add_argument("--database", default="claimdesk_lookupbench")
    args = parser.parse_args()

    stub = Stub(args.latency)
    db_url = database(args.database)
    env = {
        "DATABASE_URL": db_url,
        "REDIS_URL": REDIS_URL,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "CLAIMDESK_SITE_URL": stub.site,  # evidence links count as the desk's own: no snapshots
        "CLAIMDESK_FETCH_ALLOWED_HOSTS": f"127.0.0.1:{stub.port}",
        "CLAIMDESK_JSON_SEARCH_URL": f"{stub.site}/search?q={{query}}",
        "CLAIMDESK_LOOKUP_PROVIDERS": "json",
        "CLAIMDESK_LOOKUP_RATE_LIMITS": "json=100000/s",
        "CLAIMDESK_LOOKUP_CONCURRENCY": "json=10000",
        "CLAIMDESK_LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)

    import django

    django.setup()
    import redis
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Count

    from claims.lookups.services import lookups_schedule
    from claims.models import Article, Claim, Evidence, Lookup

    call_command("migrate", verbosity=0)
    client = redis.Redis.from_url(REDIS_URL)
    client.delete("celery", "unacked", "unacked_index")
    for key in client.scan_iter("claimdesk:lookups:*"):
        client.delete(key)

    article = Article.objects.create(title="Benchmark", body="x", content_hash="bench")
    Claim.objects.bulk_create(
        [
            Claim(article=article, text=f"claim {n}", start=0, end=1, checkworthiness=0.9)
            for n in range(args.lookups)
        ],
        batch_size=2000,
    )
    connection.close()

    workers = []
    for index in range(args.workers):
        log = open(ROOT / "benchmarks" / "results" / f"lookups-worker-{index}.log", "wb")  # noqa: SIM115
        workers.append(
            subprocess.Popen(
                [
                    str(Path(sys.executable).parent / "celery"),
                    "-A",
                    "newsroom",
                    "worker",
                    "--loglevel",
                    "WARNING",
                    "--concurrency",
                    str(args.concurrency),
                    "--pool",
                    "prefork",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "-n",
                    f"bench-{index}@%h",
                ],
                cwd=ROOT,
                env={**os.environ, **env},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    time.sleep(8)  # let the workers boot and their pools fill

    claims = list(Claim.objects.filter(article=article))
    started = time.monotonic()
    with transaction.atomic():
        lookups_schedule(claims=claims, providers=["json"])
    published = time.monotonic() - started  # on_commit sent every message before this returns
    active = [Lookup.Status.PENDING, Lookup.Status.QUEUED, Lookup.Status.RUNNING]
    while Lookup.objects.filter(status__in=active).exists():
        if time.monotonic() - started > 3600:
            break
        time.sleep(0.5)
    elapsed = time.monotonic() - started

    for process in workers:
        os.killpg(process.pid, signal.SIGTERM)
    for process in workers:
        process.wait(timeout=60)

    # CPU the workers (and their pool children, reaped on shutdown) used, and what one commit costs
    # on this machine's PostgreSQL: the two things besides the provider that bound the rate.
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    worker_cpu = usage.ru_utime + usage.ru_stime
    commit_started = time.monotonic()
    for _ in range(50):
        Lookup.objects.filter(pk=Lookup.objects.values_list("pk", flat=True).first()).update(
            results=1
        )
    commit_ms = (time.monotonic() - commit_started) * 1000 / 50

    done = Lookup.objects.filter(status=Lookup.Status.DONE).count()
    failed = Lookup.objects.filter(status=Lookup.Status.FAILED).count()
    duplicates = (
        Evidence.objects.values("claim", "url").annotate(n=Count("id")).filter(n__gt=1).count()
    )
    slots = args.workers * args.concurrency
    throughput = args.lookups / elapsed
    ideal = slots / args.latency
    result = {
        "lookups": args.lookups,
        "workers": args.workers,
        "concurrency_per_worker": args.concurrency,
        "provider_latency_ms": args.latency * 1000,
        "elapsed_s": round(elapsed, 2),
        "publish_s": round(published, 2),
        "throughput_per_s": round(throughput, 1),
        "ideal_per_s": round(ideal, 1),
        "efficiency": round(throughput / ideal, 3),
        "per_task_overhead_ms": round((slots * elapsed / args.lookups - args.latency) * 1000, 1),
        "done": done,
        "failed": failed,
        "lost": args.lookups - done - failed,
        "evidence_rows": Evidence.objects.count(),
        "duplicated_evidence": duplicates,
        "provider_requests": stub.requests,
        "executed_twice": max(0, stub.requests - args.lookups),
        "attempts_total": sum(Lookup.objects.values_list("attempts", flat=True)),
        "worker_cpu_ms_per_lookup": round(worker_cpu * 1000 / args.lookups, 1),
        "cpu_bound_ceiling_per_s": round(os.cpu_count() / (worker_cpu / args.lookups), 1)
        if worker_cpu
        else None,
        "postgres_commit_ms": round(commit_ms, 1),
        "load_average_1m_at_end": round(os.getloadavg()[0], 1),
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result, indent=2))
    (ROOT / "benchmarks" / "results").mkdir(exist_ok=True)
    (ROOT / "benchmarks" / "results" / "lookups.json").write_text(
        json.dumps(result, indent=2) + "\n"
    )


if __name__ == "__main__":
    main()
