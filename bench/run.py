"""Arena benchmarks: figures with the machine that produced them. Run with `make bench`.

Each benchmark runs against a fresh SQLite database in a temporary folder (and PostgreSQL when
ARENA_BENCH_DATABASE_URL is set), never against the development database.
"""

import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
sys.path.insert(0, str(SRC))


def _setup_django(var_dir: str) -> None:
    os.environ["ARENA_VAR_DIR"] = var_dir
    if os.environ.get("ARENA_BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["ARENA_BENCH_DATABASE_URL"]
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arena.settings.base")
    import django

    django.setup()


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.node()} · {cpu} · {os.cpu_count()} cores · Python {platform.python_version()}"
    )


def main() -> int:
    with tempfile.TemporaryDirectory() as var_dir:
        _setup_django(var_dir)
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        from arena.reference import selectors
        from arena.reference.services import reference_load

        print(f"machine: {_machine()}")
        print(f"database: {connection.vendor}")

        start = time.perf_counter()
        reference_load(data_dir=settings.REFERENCE_DATA_DIR)
        first = time.perf_counter() - start
        start = time.perf_counter()
        reference_load(data_dir=settings.REFERENCE_DATA_DIR)
        second = time.perf_counter() - start
        print(f"reference load, empty database: {first:.2f} s")
        print(f"reference load, nothing to change: {second:.2f} s")

        queries = [
            "skola",
            "mjölk",
            "software",
            "48000000",
            "4821",
            "städning",
            "transport",
            "ÖVERSÄTTNING",
            "medical equipment",
            "vatten avlopp",
        ]
        timings = []
        for _ in range(5):
            for query in queries:
                start = time.perf_counter()
                list(selectors.cpv_search(query=query, limit=20))
                timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(
            f"cpv_search over {len(timings)} queries: median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms"
        )

        from arena.demo.services import demo_load
        from arena.needs.models import Challenge
        from arena.needs.selectors import challenge_list
        from arena.supply.selectors import solution_list_published

        start = time.perf_counter()
        demo_load()
        print(f"demo content load: {time.perf_counter() - start:.1f} s")
        words = [
            "matsvinn",
            "food waste",
            "hemtjänst",
            "läckage",
            "route planning",
            "skola energi",
            "fukt",
            "drönare",
        ]
        searches = {
            "challenge": lambda q: list(challenge_list(viewer=None, query=q)[:20]),
            "solution": lambda q: list(solution_list_published(query=q)[:20]),
        }
        for label, search in searches.items():
            timings = []
            for _ in range(5):
                for word in words:
                    start = time.perf_counter()
                    search(word)
                    timings.append((time.perf_counter() - start) * 1000)
            timings.sort()
            p95 = timings[int(len(timings) * 0.95) - 1]
            print(
                f"{label} full-text search, first page of 20, {len(timings)} queries: "
                f"median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms"
            )

        from arena.matches.models import Suggestion, TextVector
        from arena.matches.services import (
            match_engine_reset,
            suggestions_rebuild,
            suggestions_refresh_for_challenge,
        )

        start = time.perf_counter()
        challenges, solutions = suggestions_rebuild()
        print(
            f"match index build on the demo (e5, {TextVector.objects.count()} texts embedded, "
            f"{challenges} challenges and {solutions} solutions ranked, "
            f"{Suggestion.objects.count()} suggestions stored): {time.perf_counter() - start:.1f} s"
        )
        match_engine_reset()
        ids = list(
            Challenge.objects.filter(suggestions__isnull=False)
            .distinct()
            .values_list("pk", flat=True)[:20]
        )
        start = time.perf_counter()
        suggestions_refresh_for_challenge(challenge_id=ids[0])
        print(
            f"first refresh in a new worker (vectors from the cache): {time.perf_counter() - start:.2f} s"
        )
        timings = []
        for pk in ids:
            start = time.perf_counter()
            suggestions_refresh_for_challenge(challenge_id=pk)
            timings.append((time.perf_counter() - start) * 1000)
        print(
            f"refresh of one challenge's suggestions, {len(timings)} challenges: "
            f"median {statistics.median(timings):.0f} ms, max {max(timings):.0f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
