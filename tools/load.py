"""Load test: N concurrent clients posting articles for S seconds to a service on loopback.

    gunicorn -c gunicorn.conf.py 'service:create_app()' &      # QUOTES_BIND=127.0.0.1:8000
    python -m tools.load --url http://127.0.0.1:8000 --clients 100 --seconds 60
    python -m tools.load --clients 100 --seconds 60 --heavy    # one more client posts the largest allowed text

Reports requests sent, answered, errors by kind (status, connection), and latency percentiles. Only loopback
addresses are accepted, and both the count and the time are bounded: it stops by itself.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import socket
import statistics
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "seeds" / "ukraine-recognition.txt").read_text(encoding="utf-8")
SHORT_ARTICLES = [p for p in SEED.split("\n\n") if len(p) > 80] or [SEED]


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(socket.gethostbyname(host)).is_loopback
    except (OSError, ValueError):
        return False


class Tally:
    """Counts and latencies shared by the client threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sent = 0
        self.outcomes: Counter[str] = Counter()
        self.latencies: list[float] = []

    def record(self, outcome: str, seconds: float) -> None:
        with self.lock:
            self.outcomes[outcome] += 1
            if outcome.startswith("2"):
                self.latencies.append(seconds)


def _client(host: str, port: int, body: bytes, stop: float, max_requests: int, tally: Tally, timeout: float) -> None:
    conn: http.client.HTTPConnection | None = None
    while time.monotonic() < stop:
        with tally.lock:
            if tally.sent >= max_requests:
                return
            tally.sent += 1
        started = time.monotonic()
        try:
            conn = conn or http.client.HTTPConnection(host, port, timeout=timeout)
            conn.request("POST", "/v1/attributions", body=body, headers={"Content-Type": "application/json"})
            response = conn.getresponse()
            response.read()
            tally.record(str(response.status), time.monotonic() - started)
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException) as exc:
            tally.record(f"connection:{type(exc).__name__}", time.monotonic() - started)
            if conn is not None:
                conn.close()
            conn = None
    if conn is not None:
        conn.close()


def run(url: str, clients: int, seconds: float, max_requests: int, heavy: bool, timeout: float) -> dict:
    """Run the load and return the report as a dict."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    if not _loopback(host):
        raise SystemExit(f"refusing {host}: this load test only targets loopback addresses")
    tally = Tally()
    stop = time.monotonic() + seconds
    threads = []
    for k in range(clients):
        body = json.dumps({"text": SHORT_ARTICLES[k % len(SHORT_ARTICLES)]}).encode()
        threads.append(threading.Thread(target=_client, args=(host, port, body, stop, max_requests, tally, timeout)))
    heavy_tally = Tally()
    if heavy:
        big = (SEED + "\n\n") * (100_000 // (len(SEED) + 2))
        body = json.dumps({"text": big[:100_000]}).encode()
        threads.append(threading.Thread(target=_client, args=(host, port, body, stop, 10**6, heavy_tally, timeout)))
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + timeout + 30)
    elapsed = time.monotonic() - started
    lat = sorted(tally.latencies)

    def pct(p: float) -> float | None:
        return round(lat[min(len(lat) - 1, int(p / 100 * len(lat)))], 3) if lat else None

    answered = sum(n for k, n in tally.outcomes.items() if not k.startswith("connection"))
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "sent": tally.sent,
        "answered": answered,
        "lost": tally.sent - answered,
        "outcomes": dict(tally.outcomes),
        "latency_s": {"p50": pct(50), "p90": pct(90), "p99": pct(99), "max": pct(100),
                      "mean": round(statistics.mean(lat), 3) if lat else None},  # fmt: skip
        "heavy": dict(heavy_tally.outcomes) if heavy else None,
        "heavy_latency_s": [round(x, 1) for x in heavy_tally.latencies] if heavy else None,
    }


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run the load, print the report as JSON; exit 1 if any request was lost or failed."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default="http://127.0.0.1:8000")
    ap.add_argument("--clients", type=int, default=100)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--max-requests", type=int, default=100_000, help="stop after this many requests in all")
    ap.add_argument("--timeout", type=float, default=300, help="per-request socket timeout")
    ap.add_argument("--heavy", action="store_true", help="one extra client posts a 100,000-character article")
    args = ap.parse_args(argv)
    report = run(args.url, args.clients, min(args.seconds, 3600), args.max_requests, args.heavy, args.timeout)
    print(json.dumps(report, indent=2))
    bad = report["lost"] or any(not k.startswith("2") for k in report["outcomes"])
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
