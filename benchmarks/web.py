"""Web benchmark: screening requests per second and latency through the running server, 16 clients at once.

    .venv/bin/python benchmarks/web.py [--seconds 20] [--clients 16] [--workers 2] [--list PATH --format ftm]
    .venv/bin/python benchmarks/web.py --url http://127.0.0.1:8000 --token lw_...   # an already running server

Without --url it makes a fresh LABORWATCH_HOME in a temporary folder, loads the combined 2022 list from
../shared (about 60,000 names), creates an analyst with an API token, and starts `laborwatch serve` on a free
loopback port. Each client keeps one HTTP/1.1 connection open and sends `GET /api/screen?name=...` back to back
for the given time; the names come from the development query sets in ../shared/bench/screening (read at run
time, round-robin). Prints requests, requests per second, p50/p90/p99/max latency and errors (any status other
than 200 counts). Targets: >= 300 requests/s, p99 < 100 ms, zero errors, on 2 cores. The clients share those
cores with the server, and other work on the machine adds noise: run it more than once.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def query_names(folder: Path) -> list[str]:
    names: list[str] = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            names.extend(row["name"] for row in csv.DictReader(handle) if row.get("name"))
    if not names:
        sys.exit(f"no query names found in {folder}")
    return names


async def client(host: str, port: int, token: str, names: list[str], start: int, stop_at: float,
                 latencies: list[float], errors: list[str]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    i = start
    try:
        while time.perf_counter() < stop_at:
            name = names[i % len(names)]
            i += 16
            request = (f"GET /api/screen?limit=10&name={quote(name)} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                       f"Authorization: Bearer {token}\r\nAccept: application/json\r\n\r\n").encode()
            began = time.perf_counter()
            writer.write(request)
            await writer.drain()
            status_line = await reader.readline()
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                key, _, value = line.decode("latin-1").partition(":")
                if key.strip().lower() == "content-length":
                    length = int(value.strip())
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - began)
            parts = status_line.split()
            if len(parts) < 2 or parts[1] != b"200":
                errors.append(f"{status_line.decode(errors='replace').strip()} for {name!r}")
    finally:
        writer.close()


async def drive(url: str, token: str, names: list[str], clients: int, seconds: float,
                warmup: float) -> tuple[list[float], list[str], float]:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    if warmup > 0:  # fill caches (index, connections) before measuring
        await asyncio.gather(*(client(host, port, token, names, k, time.perf_counter() + warmup, [], [])
                               for k in range(clients)))
    latencies: list[float] = []
    errors: list[str] = []
    started = time.perf_counter()
    await asyncio.gather(*(client(host, port, token, names, k, started + seconds, latencies, errors)
                           for k in range(clients)))
    return latencies, errors, time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(home: Path, list_path: Path, list_format: str,
                 workers: int) -> tuple[subprocess.Popen[bytes], str, str]:
    os.environ["LABORWATCH_HOME"] = str(home)
    os.environ.pop("LABORWATCH_DATABASE_URL", None)
    from laborwatch.api import accounts
    from laborwatch.screen.lists import build_index, load_list
    from laborwatch.store import open_store

    store = open_store()
    began = time.perf_counter()
    result = load_list(store, list_path, list_format, actor="benchmark")
    print(f"loaded {result.entity_count:,} entities / {result.name_count:,} names in "
          f"{time.perf_counter() - began:.1f} s", flush=True)
    began = time.perf_counter()
    build_index(store)  # cached on disk, so the server's first request does not pay for it
    print(f"built the screening index in {time.perf_counter() - began:.1f} s", flush=True)
    accounts.add_user(store, "bench", "benchmark password", role="analyst", actor="benchmark")
    token = accounts.create_token(store, "bench", label="benchmarks/web.py", actor="benchmark")
    store.dispose()
    port = free_port()
    log = (home / "server.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "laborwatch", "serve", "--host", "127.0.0.1", "--port",
                                str(port), "--workers", str(workers), "--log-level", "warning"],
                               stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    import httpx

    for _ in range(600):
        try:
            if httpx.get(url + "/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
        if process.poll() is not None:
            sys.exit("the server exited:\n" + (home / "server.log").read_text())
    return process, url, token


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="A running server (with --token); default: start one")
    parser.add_argument("--token", help="An analyst's API token for --url")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--queries", type=Path, default=SHARED / "bench" / "screening")
    parser.add_argument("--list", type=Path, default=SHARED / "sanctions" / "combined-2022" / "list.ftm.jsonl")
    parser.add_argument("--format", default="ftm")
    parser.add_argument("--workers", type=int, default=2, help="Server processes (one per core by default)")
    args = parser.parse_args()
    names = query_names(args.queries)
    process = None
    tmp = None
    if args.url:
        if not args.token:
            sys.exit("--url needs --token")
        url, token = args.url, args.token
    else:
        tmp = tempfile.TemporaryDirectory(prefix="laborwatch-webbench-")
        process, url, token = start_server(Path(tmp.name), args.list, args.format, args.workers)
    try:
        latencies, errors, elapsed = asyncio.run(drive(url, token, names, args.clients, args.seconds, args.warmup))
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
        if tmp is not None:
            tmp.cleanup()
    if not latencies:
        sys.exit("no request completed")
    rps = len(latencies) / elapsed
    ms = [x * 1000 for x in latencies]
    print(f"{args.clients} clients, {elapsed:.1f} s, {len(latencies):,} requests, {len(names):,} distinct names")
    print(f"requests/s  {rps:8.1f}   (target >= 300)")
    print(f"latency ms  p50 {percentile(ms, .5):.1f}  p90 {percentile(ms, .9):.1f}  p99 {percentile(ms, .99):.1f}"
          f"  max {max(ms):.1f}   (target p99 < 100)")
    print(f"errors      {len(errors)}" + (f"   first: {errors[0]}" if errors else ""))
    if errors or rps < 300 or percentile(ms, .99) >= 100:
        sys.exit(1)


if __name__ == "__main__":
    main()
