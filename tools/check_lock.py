"""Check that the hash-pinned locks agree with pyproject.toml.

    python -m tools.check_lock        # exit 1 and one line per problem when they disagree

Refresh the locks with `bash tools/lock.sh`. The check needs no network: it compares the requirements in
pyproject.toml with the pins in requirements.lock (service) and requirements-dev.lock (service and dev extra).
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
SERVICE_LOCK = ROOT / "requirements.lock"
DEV_LOCK = ROOT / "requirements-dev.lock"
PYPROJECT = ROOT / "pyproject.toml"

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)")


@dataclass(frozen=True)
class Pin:
    """One `name==version` entry of a lock and whether it carries at least one hash."""

    name: str
    version: Version
    hashed: bool


def parse_lock(text: str) -> dict[str, Pin]:
    """The pins of a pip-compile lock, by canonical name (continuation lines carry the hashes)."""
    pins: dict[str, Pin] = {}
    current: str | None = None
    for line in text.splitlines():
        match = _PIN.match(line)
        if match:
            current = canonicalize_name(match.group(1))
            pins[current] = Pin(current, Version(match.group(2)), hashed="--hash=sha256:" in line)
        elif current and "--hash=sha256:" in line:
            pins[current] = Pin(current, pins[current].version, hashed=True)
        elif line and not line.startswith((" ", "#")):
            current = None
    return pins


def requirements(pyproject_text: str) -> tuple[list[Requirement], list[Requirement]]:
    """The service's requirements and the dev extra's, as pyproject.toml states them."""
    project = tomllib.loads(pyproject_text)["project"]
    service = [Requirement(r) for r in project.get("dependencies", [])]
    dev = [Requirement(r) for r in project.get("optional-dependencies", {}).get("dev", [])]
    return service, dev


def _unmet(wanted: list[Requirement], pins: dict[str, Pin], lock_name: str) -> list[str]:
    problems = []
    for requirement in wanted:
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        pin = pins.get(canonicalize_name(requirement.name))
        if pin is None:
            problems.append(f"{lock_name}: {requirement} is not pinned")
        elif not requirement.specifier.contains(pin.version, prereleases=True):
            problems.append(f"{lock_name}: {pin.name}=={pin.version} does not satisfy {requirement}")
    return problems


def lock_problems(pyproject_text: str, service_lock: str, dev_lock: str) -> list[str]:
    """Every way the two locks disagree with pyproject.toml or with each other; empty when they agree."""
    service, dev = requirements(pyproject_text)
    service_pins, dev_pins = parse_lock(service_lock), parse_lock(dev_lock)
    problems = _unmet(service, service_pins, "requirements.lock")
    problems += _unmet(service + dev, dev_pins, "requirements-dev.lock")
    for lock_name, pins in (("requirements.lock", service_pins), ("requirements-dev.lock", dev_pins)):
        if not pins:
            problems.append(f"{lock_name}: no pins")
        problems += [f"{lock_name}: {pin.name} has no hash" for pin in pins.values() if not pin.hashed]
    for name, pin in service_pins.items():
        other = dev_pins.get(name)
        if other is None:
            problems.append(f"requirements-dev.lock lacks {name}, which requirements.lock pins")
        elif other.version != pin.version:
            problems.append(f"{name}: {pin.version} in requirements.lock, {other.version} in requirements-dev.lock")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Print each problem and return 1, or return 0 when the locks agree with pyproject.toml."""
    problems = lock_problems(
        PYPROJECT.read_text(encoding="utf-8"),
        SERVICE_LOCK.read_text(encoding="utf-8"),
        DEV_LOCK.read_text(encoding="utf-8"),
    )
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("refresh the locks with: bash tools/lock.sh", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
