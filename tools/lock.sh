#!/usr/bin/env bash
# Refresh the hash-pinned locks from pyproject.toml:
#   bash tools/lock.sh            keep every pin that still satisfies pyproject.toml
#   bash tools/lock.sh --upgrade  take the newest releases the requirements allow
# requirements-dev.lock: the service and the dev extra (README, .ci/run). requirements.lock: the service alone
# (Dockerfile), resolved with the dev lock's pins as preferences so that the two never disagree
# (tests/test_lock.py checks that, and that both satisfy pyproject.toml).
# torch is the 2.13.0 CPU build: pip finds it through this machine's find-links (or PIP_INDEX_URL pointing at a
# CPU wheel index), and the lock pins that wheel's hash.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOL_VENV="${TMPDIR:-/tmp}/quotes-lock-tools"
[ -x "$TOOL_VENV/bin/pip-compile" ] || { python -m venv "$TOOL_VENV" && "$TOOL_VENV/bin/pip" install -q pip-tools==7.6.2; }
COMPILE=("$TOOL_VENV/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras
         --no-emit-index-url --no-emit-find-links "$@")
"${COMPILE[@]}" --extra dev -o requirements-dev.lock pyproject.toml
cp requirements-dev.lock requirements.lock
"${COMPILE[@]}" -o requirements.lock pyproject.toml
