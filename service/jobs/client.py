"""``quotes submit``: send text files to a running service as one job; with ``--wait``, follow it to the end.

Exit status: 0 every document analysed, 1 a file could not be read or a document has an error line, 2 usage
error, 4 the job failed or was cancelled, 5 the service could not be reached or refused the job.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from typing import Any, TextIO

EXIT_OK, EXIT_DOCUMENTS, EXIT_USAGE, EXIT_JOB, EXIT_SERVICE = 0, 1, 2, 4, 5
FINAL = ("done", "failed", "cancelled")


class ServiceError(Exception):
    """The service answered with an error, or could not be reached."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``quotes submit``."""
    parser = argparse.ArgumentParser(prog="quotes submit", description="Submit text files to a running service.")
    parser.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text files; each file's path is its id")
    parser.add_argument("--url", default=os.environ.get("QUOTES_URL", "http://127.0.0.1:8000"),
                        help="the service (default: $QUOTES_URL or http://127.0.0.1:8000)")  # fmt: skip
    parser.add_argument("--api-key", default=os.environ.get("QUOTES_API_KEY"), help="default: $QUOTES_API_KEY")
    parser.add_argument("--wait", action="store_true", help="wait for the job, with a progress bar, and fetch results")
    parser.add_argument("--out", metavar="FILE", help="with --wait: write the result lines here (default: stdout)")
    parser.add_argument("--poll", type=float, default=1.0, metavar="S", help="seconds between polls (default 1)")
    parser.add_argument("--unattributed", action="store_true", help="also quotations with no speaker")
    parser.add_argument("--beliefs", action="store_true", help="also beliefs and intentions")
    parser.add_argument("--min-confidence", type=float, default=None, metavar="X", help="leave out records below X")
    return parser


class Client:
    """The few calls ``quotes submit`` makes, with the API key when there is one."""

    def __init__(self, url: str, api_key: str | None, timeout: float = 120) -> None:
        self.base = url.rstrip("/")
        self.headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.timeout = timeout

    def call(self, method: str, path: str, body: bytes | None = None, content_type: str | None = None):
        """One request; the response object (caller reads it), or ServiceError with the problem's detail."""
        headers = dict(self.headers, **({"Content-Type": content_type} if content_type else {}))
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)  # noqa: S310 (the user's own URL)
        except urllib.error.HTTPError as exc:
            try:
                detail = json.loads(exc.read()).get("detail", exc.reason)
            except ValueError:
                detail = exc.reason
            raise ServiceError(f"{method} {path}: {exc.code} {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise ServiceError(f"cannot reach {self.base}: {getattr(exc, 'reason', exc)}") from None

    def json(self, method: str, path: str, **kwargs: Any) -> tuple[dict[str, Any], dict[str, str]]:
        """A JSON answer and its headers."""
        with self.call(method, path, **kwargs) as response:
            return json.loads(response.read()), dict(response.headers)


def _documents(names: Sequence[str]) -> tuple[list[dict[str, str]], int]:
    from ..cli import _describe_error, read_input

    documents, status, seen = [], EXIT_OK, set()
    for name in names:
        try:
            text = read_input(name)
        except (OSError, UnicodeDecodeError) as exc:
            print(f"quotes submit: {_describe_error(name, exc)}", file=sys.stderr)
            status = EXIT_DOCUMENTS
            continue
        doc_id, n = name, 1
        while doc_id in seen:  # the same file twice: ids must be unique within a job
            n += 1
            doc_id = f"{name}#{n}"
        seen.add(doc_id)
        documents.append({"id": doc_id, "text": text})
    return documents, status


def _query(args: argparse.Namespace) -> str:
    params = {}
    if args.unattributed:
        params["include_unattributed"] = "true"
    if args.beliefs:
        params["include_beliefs"] = "true"
    if args.min_confidence is not None:
        params["min_confidence"] = str(args.min_confidence)
    return "?" + urllib.parse.urlencode(params) if params else ""


def follow(client: Client, job: dict[str, Any], out: TextIO, poll_s: float) -> dict[str, Any]:
    """Wait for ``job`` with a progress bar on stderr, writing result lines to ``out`` as they come."""
    from tqdm import tqdm

    cursor = 0
    with tqdm(total=job["counts"]["total"], unit="doc", file=sys.stderr, disable=None) as bar:
        while True:
            with client.call("GET", f"{job['links']['results']}?cursor={cursor}") as response:
                data = response.read().decode("utf-8")
                cursor = int(response.headers.get("Next-Cursor", cursor))
            out.write(data)
            out.flush()
            bar.n = min(cursor, bar.total)
            bar.refresh()
            if job["state"] in FINAL and cursor >= job["counts"]["done"] + job["counts"]["failed"]:
                return job
            time.sleep(poll_s if not data else 0)
            job, _ = client.json("GET", job["links"]["self"])


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``quotes submit``; returns the exit status (see the module docstring)."""
    args = build_parser().parse_args(argv)
    documents, status = _documents(args.files)
    if not documents:
        return status
    client = Client(args.url, args.api_key)
    body = "".join(json.dumps(doc, ensure_ascii=False) + "\n" for doc in documents).encode("utf-8")
    try:
        job, _ = client.json("POST", "/v1/jobs" + _query(args), body=body, content_type="application/x-ndjson")
        print(f"quotes submit: job {job['id']}: {len(documents)} documents", file=sys.stderr)
        if not args.wait:
            print(json.dumps(job))
            return status
        if args.out:
            with open(args.out, "w", encoding="utf-8") as out:
                job = follow(client, job, out, args.poll)
        else:
            job = follow(client, job, sys.stdout, args.poll)
    except ServiceError as exc:
        print(f"quotes submit: {exc}", file=sys.stderr)
        return EXIT_SERVICE
    counts = job["counts"]
    print(f"quotes submit: job {job['state']}: {counts['done']} done, {counts['failed']} failed", file=sys.stderr)
    if job["state"] != "done":
        return EXIT_JOB
    return EXIT_DOCUMENTS if counts["failed"] else status
