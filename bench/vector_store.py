"""Vector store benchmark: pgvector against float32 bytes, and SQL nearest neighbours against numpy.

    .venv/bin/python bench/vector_store.py [--items 100000] [--url postgres://...]

Runs on a scratch database (`arena_bench_vectors`, dropped and created) of the local PostgreSQL,
which needs the pgvector extension (tools/install-pgvector.sh). It measures, through the project's
own functions (`arena.matches.pgvector`) and the same SQL the `TextVector` store runs:

- writing and reading every vector: what a new worker process pays to load its engine;
- the k nearest neighbours of a query by cosine: an exact scan in numpy over the in-memory matrix
  (what `arena.matching.MatchEngine` does), an exact scan in PostgreSQL, and an HNSW index
  (with its recall@k against the exact answer).

Vectors are real e5 vectors: the CPV labels the project ships (5 × 9,454, Swedish, English and
German, as passages and as queries), and, beyond those, such a vector plus Gaussian noise (cosine
about 0.9 to it), as in bench/matching.py. Queries are label vectors with their own noise.
"""

# ruff: noqa: S608  # table names are constants of this script and of arena.matches.pgvector
import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

DB = "arena_bench_vectors"
K = 20
DATA = ROOT / "src" / "arena" / "matching" / "data"
SIGMA = 0.025  # noise per dimension: cosine ≈ 0.9 to the real vector at 384 dimensions
QUERIES = 50


def _ms(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return f"p50 {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--url", default="postgres://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()

    import psycopg

    with psycopg.connect(args.url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DB}")
        admin.execute(f"CREATE DATABASE {DB}")
    os.environ["DATABASE_URL"] = args.url.rsplit("/", 1)[0] + f"/{DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arena.settings.base")
    import django

    django.setup()
    from django.db import connection

    from arena.matches import pgvector

    if not pgvector.enable(connection):
        print(
            "this PostgreSQL server has no pgvector: bash tools/install-pgvector.sh",
            file=sys.stderr,
        )
        return 1
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT version(), extversion FROM pg_extension, version() WHERE extname = 'vector'"
        )
        version, extversion = cursor.fetchone()
    print(
        f"server: {version.split(',')[0]}, pgvector {extversion}; {args.items:,} real-based e5 vectors of 384"
    )

    rng = np.random.default_rng(1)
    base = np.concatenate(
        [np.load(path).astype(np.float32) for path in sorted(DATA.glob("cpv_e5*.npy"))]
    )
    rows = rng.integers(0, len(base), args.items)
    matrix = base[rows] + SIGMA * rng.standard_normal((args.items, base.shape[1])).astype(
        np.float32
    )
    matrix[: min(len(base), args.items)] = base[: args.items]
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    keys = [f"{i:040x}" for i in range(args.items)]

    started = time.perf_counter()
    for start in range(0, args.items, 5000):
        pgvector.put_many(
            connection,
            dict(zip(keys[start : start + 5000], matrix[start : start + 5000], strict=True)),
        )
    print(f"pgvector write: {args.items / (time.perf_counter() - started):,.0f} vectors/s")
    started = time.perf_counter()
    loaded = pgvector.get_many(connection, keys)
    print(
        f"pgvector read (vector_send): {args.items / (time.perf_counter() - started):,.0f} vectors/s"
    )
    assert np.array_equal(loaded[keys[-1]], matrix[-1])

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bytes_store (key varchar(64) PRIMARY KEY, vector bytea NOT NULL)"
        )
        started = time.perf_counter()
        cursor.executemany(
            "INSERT INTO bytes_store VALUES (%s, %s)",
            [(k, v.tobytes()) for k, v in zip(keys, matrix, strict=True)],
        )
        print(f"bytea write: {args.items / (time.perf_counter() - started):,.0f} vectors/s")
        started = time.perf_counter()
        for start in range(0, args.items, 500):
            cursor.execute(
                "SELECT key, vector FROM bytes_store WHERE key = ANY(%s)",
                [keys[start : start + 500]],
            )
            for _key, raw in cursor.fetchall():
                np.frombuffer(bytes(raw), dtype=np.float32)
        print(
            f"bytea read (TextVector's query): {args.items / (time.perf_counter() - started):,.0f} vectors/s"
        )

        queries = base[rng.integers(0, len(base), QUERIES)] + SIGMA * rng.standard_normal(
            (QUERIES, base.shape[1])
        ).astype(np.float32)
        queries /= np.linalg.norm(queries, axis=1, keepdims=True)
        exact: list[set[int]] = []
        times = []
        for q in queries:
            started = time.perf_counter()
            scores = matrix @ q
            best = np.argpartition(-scores, K)[:K]
            times.append(time.perf_counter() - started)
            exact.append(set(best.tolist()))
        print(f"exact top-{K}, numpy over the in-memory matrix: {_ms(times)}")

        cursor.execute(
            f"ALTER TABLE {pgvector.TABLE} ALTER COLUMN embedding TYPE vector({matrix.shape[1]})"
        )
        cursor.execute(f"ANALYZE {pgvector.TABLE}")
        index_of = {k: i for i, k in enumerate(keys)}

        def sql_top(label: str) -> None:
            times, recall = [], []
            for q, truth in zip(queries, exact, strict=True):
                literal = "[" + ",".join(map(repr, q.tolist())) + "]"
                started = time.perf_counter()
                cursor.execute(
                    f"SELECT key FROM {pgvector.TABLE} ORDER BY embedding <=> %s::vector LIMIT {K}",
                    [literal],
                )
                found = {index_of[row[0]] for row in cursor.fetchall()}
                times.append(time.perf_counter() - started)
                recall.append(len(found & truth) / K)
            print(f"{label}: {_ms(times)}, recall@{K} {statistics.mean(recall):.3f}")

        sql_top(f"exact top-{K}, PostgreSQL scan (<=>)")
        started = time.perf_counter()
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute(f"CREATE INDEX ON {pgvector.TABLE} USING hnsw (embedding vector_cosine_ops)")
        print(f"HNSW index build (m 16, ef_construction 64): {time.perf_counter() - started:.1f} s")
        for ef in (40, 200):
            cursor.execute(f"SET hnsw.ef_search = {ef}")
            sql_top(f"HNSW top-{K}, ef_search {ef}")
    connection.close()
    with psycopg.connect(args.url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DB}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
