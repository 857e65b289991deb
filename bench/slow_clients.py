"""Slow clients (slowloris) against a running server: N connections that send their headers a byte at a time,
while one ordinary client asks for the login page. Prints how the ordinary requests fared.

    .venv/bin/python bench/slow_clients.py --url http://127.0.0.1:5000/login --slow 64 --seconds 20

Only for a server of your own on this machine (loopback); the loops are bounded in count and time.
"""
import argparse
import socket
import statistics
import threading
import time
import urllib.request
from urllib.parse import urlsplit


def slow_client(host: str, port: int, stop: threading.Event, interval: float) -> None:
    try:
        sock = socket.create_connection((host, port), timeout=5)
        sock.sendall(b"GET /login HTTP/1.1\r\nHost: x\r\n")
        while not stop.is_set():
            sock.sendall(b"X-a: b\r\n")
            stop.wait(interval)
        sock.close()
    except OSError:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:5000/login")
    parser.add_argument("--slow", type=int, default=64, help="slow connections")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between two header lines")
    args = parser.parse_args()
    if urlsplit(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("only a server on loopback")
    parts = urlsplit(args.url)
    stop = threading.Event()
    threads = [threading.Thread(target=slow_client, args=(parts.hostname, parts.port or 80, stop, args.interval),
                                daemon=True) for _ in range(min(args.slow, 512))]
    for t in threads:
        t.start()
    time.sleep(1)
    times, failures, errors, end = [], 0, {}, time.monotonic() + args.seconds
    while time.monotonic() < end:
        started = time.monotonic()
        try:
            urllib.request.urlopen(args.url, timeout=10).read()
            times.append(time.monotonic() - started)
        except OSError as error:
            failures += 1
            reason = str(getattr(error, "reason", error))[:60]
            errors[reason] = errors.get(reason, 0) + 1
        time.sleep(0.2)
    stop.set()
    ok = len(times)
    p95 = sorted(times)[int(0.95 * (ok - 1))] if ok else float("nan")
    print(f"{args.slow} slow connections for {args.seconds:.0f} s: {ok} ordinary requests answered, {failures} failed "
          f"or timed out (10 s); median {statistics.median(times) * 1000 if ok else float('nan'):.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms" + (f"; errors: {errors}" if errors else ""))


if __name__ == "__main__":
    main()
