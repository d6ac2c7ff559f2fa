"""End-to-end load test on loopback: PostgreSQL, 10× demo data, gunicorn in the production profile, locust.

    .venv/bin/python bench/load/run.py                 # everything (make bench-load)
    .venv/bin/python bench/load/run.py --reuse-db      # keep the arena_load database of a run before
    .venv/bin/python bench/load/run.py --label after --workers 3 --threads 2

Steps: (re)create the PostgreSQL database `arena_load`, migrate, load-reference, load-knowledge,
load-demo, scale-demo --factor N, build-match-index, collectstatic; start gunicorn with ARENA_ENV=
production on 127.0.0.1:8001; wait for /readyz; run locust headless twice (the mixed scenario with
every page kind, then list pages only, for the list throughput target); stop the server; append the
figures, the machine and the commands to bench/load/results/<date>-<host>.md.

Users fire their next request as soon as the last one answered (no think time unless
ARENA_LOAD_WAIT is set), so throughput is the capacity of the machine and the percentiles are those
at that load. locust runs on the same cores as the server and takes its share of them.
"""

import argparse
import csv
import datetime
import os
import platform
import secrets
import shlex
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
WORK = ROOT / "var" / "load"
DB_NAME = "arena_load"
PG = os.environ.get("ARENA_LOAD_PG", "postgres://postgres@127.0.0.1:5432")
HOST = "127.0.0.1"
PORT = 8001
TARGET_LIST_RPS = 200
TARGET_P95_MS = 200

commands: list[str] = []


def run(argv: list[str], *, env: dict[str, str], log: str, ok: tuple[int, ...] = (0,)) -> float:
    """Run one step, its output to var/load/<log>.log; return the seconds it took."""
    commands.append(shlex.join(str(a) for a in argv))
    started = time.monotonic()
    with open(WORK / f"{log}.log", "w") as out:
        result = subprocess.run(argv, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    took = time.monotonic() - started
    if result.returncode not in ok:
        sys.exit(f"{argv[1] if len(argv) > 1 else argv[0]} failed: see var/load/{log}.log")
    print(f"  {log}: {took:.0f} s")
    return took


def psql(sql: str) -> None:
    commands.append(f'psql {PG}/postgres -c "{sql}"')
    subprocess.run(["psql", f"{PG}/postgres", "-q", "-c", sql], check=True)  # noqa: S603, S607


def machine() -> dict[str, str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "?",
    )
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    pg = subprocess.run(  # noqa: S603
        ["psql", f"{PG}/postgres", "-tAc", "SHOW server_version"],  # noqa: S607
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "host": platform.node(),
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "ram": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "python": platform.python_version(),
        "postgresql": pg,
    }


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def wait_ready(url: str, seconds: int = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(1)
    sys.exit(f"{url} never answered 200: see var/load/gunicorn.log")


def read_stats(prefix: Path) -> list[dict[str, str]]:
    with open(f"{prefix}_stats.csv") as handle:
        return list(csv.DictReader(handle))


def table(rows: list[dict[str, str]]) -> list[str]:
    lines = [
        "| page kind | requests | req/s | p50 ms | p95 ms | p99 ms | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "**all**"
        lines.append(
            f"| {name} | {row['Request Count']} | {float(row['Requests/s']):.1f} | "
            f"{row['50%']} | {row['95%']} | {row['99%']} | {row['Failure Count']} |"
        )
    return lines


def summed(rows: list[dict[str, str]], prefix: str) -> tuple[float, int, int]:
    """Requests/s, the worst p95 and the errors of the rows whose name starts with `prefix`."""
    chosen = [r for r in rows if r["Name"].startswith(prefix)]
    rps = sum(float(r["Requests/s"]) for r in chosen)
    p95 = max((int(float(r["95%"])) for r in chosen if r["95%"] != "N/A"), default=0)
    errors = sum(int(r["Failure Count"]) for r in chosen)
    return rps, p95, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=int, default=10)
    parser.add_argument("--time", default="60s")
    parser.add_argument(
        "--workers", type=int, default=None, help="ARENA_WEB_WORKERS (default: gunicorn.py's)"
    )
    parser.add_argument("--threads", type=int, default=None, help="ARENA_WEB_THREADS")
    parser.add_argument("--reuse-db", action="store_true", help="keep arena_load as it is")
    parser.add_argument("--label", default="", help="a name for this run in the results file")
    parser.add_argument(
        "--cache",
        default=os.environ.get("ARENA_LOAD_CACHE", "redis://127.0.0.1:6379/3"),
        help="ARENA_CACHE_URL of the server (emptied before the runs); '' for no shared cache",
    )
    parser.add_argument(
        "--page-cache-seconds",
        type=int,
        default=None,
        help="ARENA_PUBLIC_CACHE_SECONDS (default: the server's, 60 with a cache); 0 turns it off",
    )
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("ARENA_", "DJANGO_"))}
    db_url = f"{PG}/{DB_NAME}"
    setup_env = base_env | {"DATABASE_URL": db_url, "ARENA_STATIC_ROOT": str(WORK / "static")}
    arena = str(BIN / "arena")
    timings: dict[str, float] = {}
    if not args.reuse_db:
        print(f"Database {DB_NAME}:")
        psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        psql(f"CREATE DATABASE {DB_NAME}")
        for step in (
            ["migrate", "--no-input", "-v", "0"],
            ["load-reference"],
            ["load-knowledge"],
            ["load-demo"],
            ["scale-demo", "--factor", str(args.factor)],
            ["build-match-index"],
        ):
            timings[step[0]] = run([arena, *step], env=setup_env, log=step[0])
        # Planner statistics for the bulk-loaded tables, as autovacuum would gather them later.
        commands.append(f"psql {db_url} -c ANALYZE")
        subprocess.run(["psql", db_url, "-q", "-c", "ANALYZE"], check=True)  # noqa: S603, S607
    secret = secrets.token_urlsafe(50)
    prod_env = setup_env | {
        "ARENA_ENV": "production",
        "ARENA_SECRET_KEY": secret,
        "ARENA_SITE_URL": f"https://{HOST}:{PORT}",
        "ARENA_ALLOWED_HOSTS": f"{HOST},localhost",
        "ARENA_CSRF_TRUSTED_ORIGINS": f"https://{HOST}:{PORT},http://{HOST}:{PORT}",
        "ARENA_SSL_REDIRECT": "0",  # plain http on loopback; in production TLS ends at the proxy
        "ARENA_BIND": f"{HOST}:{PORT}",
        "ARENA_LOG_LEVEL": "WARNING",
    }
    if args.cache:
        prod_env["ARENA_CACHE_URL"] = args.cache
        # A run starts from an empty cache: nothing measured was rendered by an earlier run.
        redis.Redis.from_url(args.cache).flushdb()
    if args.page_cache_seconds is not None:
        prod_env["ARENA_PUBLIC_CACHE_SECONDS"] = str(args.page_cache_seconds)
    if args.workers:
        prod_env["ARENA_WEB_WORKERS"] = str(args.workers)
    if args.threads:
        prod_env["ARENA_WEB_THREADS"] = str(args.threads)
    if not (args.reuse_db and (WORK / "static" / "staticfiles.json").exists()):
        run([arena, "collectstatic", "--no-input", "-v", "0"], env=prod_env, log="collectstatic")
    commands.append(
        "ARENA_ENV=production ARENA_SECRET_KEY=… ARENA_SITE_URL=https://127.0.0.1:8001 "
        "ARENA_ALLOWED_HOSTS=127.0.0.1,localhost ARENA_SSL_REDIRECT=0 "
        f"ARENA_WEB_WORKERS={prod_env.get('ARENA_WEB_WORKERS', '(default)')} "
        f"ARENA_WEB_THREADS={prod_env.get('ARENA_WEB_THREADS', '(default)')} "
        f"ARENA_CACHE_URL={prod_env.get('ARENA_CACHE_URL', '')} "
        f"ARENA_PUBLIC_CACHE_SECONDS={prod_env.get('ARENA_PUBLIC_CACHE_SECONDS', '(default)')} "
        f"DATABASE_URL={db_url} ARENA_BIND={HOST}:{PORT} "
        ".venv/bin/gunicorn -c python:arena.settings.gunicorn &"
    )
    with open(WORK / "gunicorn.log", "w") as log:
        server = subprocess.Popen(  # noqa: S603
            [str(BIN / "gunicorn"), "-c", "python:arena.settings.gunicorn"],
            env=prod_env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    host = f"http://{HOST}:{PORT}"
    results: dict[str, list[dict[str, str]]] = {}
    load_before = load_average()
    try:
        wait_ready(f"{host}/readyz")
        locust_env = base_env | {"ARENA_LOAD_FACTOR": str(args.factor)}
        scenarios = (
            # The cache starts empty: the first minute renders every page a visitor asks for;
            # the second is the steady state of a site whose visitors keep coming.
            ("lists-cold", args.users, args.time, ["Visitor", "--tags", "list"]),
            ("lists", args.users, args.time, ["Visitor", "--tags", "list"]),
            ("mixed", args.users, args.time, []),
            # One visitor at a time: what each page costs when nothing queues before it.
            ("single", 1, "30s", ["Visitor"]),
        )
        for scenario, users, duration, extra in scenarios:
            prefix = WORK / f"locust-{scenario}"
            argv = [
                str(BIN / "locust"),
                "-f",
                str(HERE / "locustfile.py"),
                "--headless",
                "-u",
                str(users),
                "-r",
                str(args.spawn_rate),
                "-t",
                duration,
                "--host",
                host,
                "--csv",
                str(prefix),
                "--only-summary",
                *extra,
            ]
            print(f"locust ({scenario}, {users} users, {duration}) …")
            # locust exits with 1 when a request failed: the figures still count.
            run(argv, env=locust_env, log=f"locust-{scenario}", ok=(0, 1))
            results[scenario] = read_stats(prefix)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    load_after = load_average()
    write_results(args, results, timings, load_before, load_after, prod_env)


def write_results(args, results, timings, load_before, load_after, prod_env) -> None:  # type: ignore[no-untyped-def]
    info = machine()
    now = datetime.datetime.now(datetime.UTC)
    path = RESULTS / f"{now:%Y-%m-%d}-{info['host']}.md"
    mixed, lists = results["mixed"], results["lists"]
    list_rps, list_p95, list_errors = summed(lists, "list:")
    cold_rps, cold_p95, cold_errors = summed(results["lists-cold"], "list:")
    all_errors = sum(int(r["Failure Count"]) for r in mixed if r["Name"] == "Aggregated")
    mixed_p95 = next(int(float(r["95%"])) for r in mixed if r["Name"] == "Aggregated")
    lines = [
        f"## {now:%Y-%m-%d %H:%M} UTC{' – ' + args.label if args.label else ''}",
        "",
        f"Machine: {info['host']}, {info['nproc']} cores ({info['cpu']}), {info['ram']} RAM, "
        f"Python {info['python']}, PostgreSQL {info['postgresql']} on the same machine. "
        f"Load average before/after the runs: {load_before} / {load_after}. "
        "locust (FastHttpUser, one process) runs on the same cores as gunicorn and PostgreSQL.",
        "",
        f"Data: demo × {args.factor}. gunicorn: ARENA_WEB_WORKERS="
        f"{prod_env.get('ARENA_WEB_WORKERS', 'default')}, ARENA_WEB_THREADS="
        f"{prod_env.get('ARENA_WEB_THREADS', 'default')}, ARENA_CACHE_URL="
        f"{prod_env.get('ARENA_CACHE_URL', '(none)')}, ARENA_PUBLIC_CACHE_SECONDS="
        f"{prod_env.get('ARENA_PUBLIC_CACHE_SECONDS', 'default')}. {args.users} users, spawn rate "
        f"{args.spawn_rate}/s, {args.time}, no think time (closed loop).",
        "",
    ]
    if timings:
        lines += [
            "Setup: " + ", ".join(f"{step} {took:.0f} s" for step, took in timings.items()) + ".",
            "",
        ]
    lines += ["### Mixed scenario (every page kind)", "", *table(mixed), ""]
    lines += [
        "### List pages only, first minute (anonymous visitors, empty page cache)",
        "",
        *table(results["lists-cold"]),
        "",
    ]
    lines += [
        "### List pages only, next minute (anonymous visitors, steady state)",
        "",
        *table(lists),
        "",
    ]
    lines += [
        "### One visitor at a time (30 s, the cost of each page without queueing)",
        "",
        *table(results["single"]),
        "",
    ]
    verdict = [
        (
            f"list pages ≥ {TARGET_LIST_RPS} req/s (steady state)",
            list_rps >= TARGET_LIST_RPS,
            f"{list_rps:.0f}",
        ),
        (
            f"p95 ≤ {TARGET_P95_MS} ms (lists, steady state)",
            list_p95 <= TARGET_P95_MS,
            f"{list_p95} ms",
        ),
        (
            f"list pages ≥ {TARGET_LIST_RPS} req/s (first minute)",
            cold_rps >= TARGET_LIST_RPS,
            f"{cold_rps:.0f}",
        ),
        (
            f"p95 ≤ {TARGET_P95_MS} ms (lists, first minute)",
            cold_p95 <= TARGET_P95_MS,
            f"{cold_p95} ms",
        ),
        (f"p95 ≤ {TARGET_P95_MS} ms (mixed)", mixed_p95 <= TARGET_P95_MS, f"{mixed_p95} ms"),
        (
            "0 errors",
            all_errors == 0 and list_errors == 0 and cold_errors == 0,
            str(all_errors + list_errors + cold_errors),
        ),
    ]
    lines += [
        "### Targets (on this machine)",
        "",
        "| target | measured | met |",
        "| --- | ---: | --- |",
    ]
    lines += [f"| {name} | {value} | {'yes' if ok else 'no'} |" for name, ok, value in verdict]
    lines += ["", "Commands:", "", "```", *commands, "```", ""]
    new = not path.exists()
    with open(path, "a") as handle:
        if new:
            handle.write(f"# Load test, {now:%Y-%m-%d}, {info['host']}\n\n")
        handle.write("\n".join(lines) + "\n")
    print(f"Results: {path.relative_to(ROOT)}")
    print("\n".join(table(mixed)))
    print("\n".join(table(lists)))


if __name__ == "__main__":
    main()
