"""The hash-pinned locks must agree with pyproject.toml (refresh them with `bash tools/lock.sh`)."""

from __future__ import annotations

import pytest

from tools import check_lock

PYPROJECT = check_lock.PYPROJECT.read_text(encoding="utf-8")
SERVICE_LOCK = check_lock.SERVICE_LOCK.read_text(encoding="utf-8")
DEV_LOCK = check_lock.DEV_LOCK.read_text(encoding="utf-8")


def test_the_committed_locks_agree_with_pyproject() -> None:
    assert check_lock.lock_problems(PYPROJECT, SERVICE_LOCK, DEV_LOCK) == []


def test_torch_is_the_cpu_build_pinned_by_hash() -> None:
    for lock in (SERVICE_LOCK, DEV_LOCK):
        pin = check_lock.parse_lock(lock)["torch"]
        assert str(pin.version) == "2.13.0+cpu" and pin.hashed


@pytest.mark.parametrize(
    "old,new,expected",
    [
        ('"flask>=3.1,<4"', '"flask>=4"', "flask==3.1.3 does not satisfy flask>=4"),
        ('"pyyaml>=6",', '"pyyaml>=6",\n    "left-pad>=1",', "left-pad>=1 is not pinned"),
        ('"ruff>=0.6",', '"ruff>=0.6",\n    "left-pad>=1",', "requirements-dev.lock: left-pad>=1 is not pinned"),
    ],
)
def test_a_requirement_the_lock_does_not_meet_is_reported(old: str, new: str, expected: str) -> None:
    assert old in PYPROJECT
    problems = check_lock.lock_problems(PYPROJECT.replace(old, new, 1), SERVICE_LOCK, DEV_LOCK)
    assert any(expected in problem for problem in problems), problems


def test_an_unhashed_pin_and_locks_that_disagree_are_reported() -> None:
    unhashed = "flask==3.1.3\n" + "\n".join(
        line for line in SERVICE_LOCK.splitlines() if not line.startswith(("flask==", "    --hash"))
    )
    assert "requirements.lock: flask has no hash" in check_lock.lock_problems(PYPROJECT, unhashed, DEV_LOCK)
    drifted = SERVICE_LOCK.replace("\nstanza==1.15.0 ", "\nstanza==1.14.0 ")
    assert drifted != SERVICE_LOCK
    assert "stanza: 1.14.0 in requirements.lock, 1.15.0 in requirements-dev.lock" in check_lock.lock_problems(
        PYPROJECT, drifted, DEV_LOCK
    )
