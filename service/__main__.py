"""``python -m service``: the development server (use gunicorn with gunicorn.conf.py in production)."""

from __future__ import annotations

import argparse

from . import create_app


def main() -> None:
    """Run Flask's development server on the given host and port."""
    parser = argparse.ArgumentParser(prog="python -m service", description="Run the development server.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    # threaded=False: the extractor serialises Stanza calls anyway, and one thread keeps torch predictable.
    create_app().run(host=args.host, port=args.port, threaded=False)


if __name__ == "__main__":
    main()
