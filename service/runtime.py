"""Process set-up shared by gunicorn's workers and the Celery workers: cores, torch threads, memory cap.

Kept free of heavy imports: gunicorn.conf.py imports it in the master, which must not load torch.
"""

from __future__ import annotations

import os


def cores() -> int:
    """The cores this process may run on."""
    # Affinity, not cpu_count(): a container or taskset may allow fewer cores than the machine has.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def torch_threads_per_worker(cores: int, worker_count: int) -> int:
    """How many intra-op threads each worker's torch gets: an equal share of the cores, at least one."""
    return max(1, cores // max(1, worker_count))


def _setting(name: str):
    from service import DEFAULTS, settings_from_env

    return {**DEFAULTS, **settings_from_env()}[name]


def memory_limit_bytes() -> int | None:
    """The worker's data-segment cap from QUOTES_WORKER_MEMORY_MB (default in service.DEFAULTS; 0 for none)."""
    mib = _setting("QUOTES_WORKER_MEMORY_MB")
    return mib * 1024 * 1024 if mib > 0 else None


def limit_memory(limit: int | None) -> None:
    """Cap this process's data segment, so an allocation past ``limit`` fails (MemoryError, answered as a 503
    problem) instead of the kernel's OOM killer taking the worker and every connection on it."""
    import resource

    if limit is None:
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def start_worker_process(worker_count: int) -> int:
    """In a freshly forked worker: cap its memory and give torch its share of the cores; the thread count."""
    import torch

    limit_memory(memory_limit_bytes())
    threads = _setting("QUOTES_TORCH_THREADS") or torch_threads_per_worker(cores(), worker_count)
    torch.set_num_threads(threads)
    return threads
