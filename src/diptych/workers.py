"""The PDF worker pool: long-lived processes that each read the publication once.

WeasyPrint's import, its font configuration and parsed stylesheets are costly and
reusable, so each worker keeps them for many PDFs (see ``NOTES``: ten renders in one
process take a third of the time of ten processes). A worker is replaced after
:data:`DOCUMENTS_PER_WORKER` PDFs, as WeasyPrint's memory grows slowly. With a
handful of PDFs (a one-paragraph edit) they are made in the building process.

A worker that dies (killed, out of memory, a crash in a library) fails the build
with the PDF it was making: each worker marks in shared memory the job it is on,
and a worker that the pool stops because another died unmarks its own on SIGTERM,
so the marks left are those of the workers that died. Tests make a worker die at
a given PDF with ``DIPTYCH_TEST_KILL_WORKER_AT=<output path>`` (e.g. ``pdf/doc.en.pdf``).
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import BuildError
from .jobs import Job, Result, make_renderer, render_pdf
from .logs import keep_weasyprint_warnings
from .model import Publication

if TYPE_CHECKING:
    from .pdf import PdfRenderer

#: a worker process is replaced after this many PDFs (WeasyPrint's memory grows slowly)
DOCUMENTS_PER_WORKER = 100
#: below this many PDFs, starting workers costs more than it saves
MIN_JOBS_FOR_WORKERS = 6


def make_pdfs(publication: Publication, jobs: list[Job], out_root: Path, workers: int) -> Iterator[Result]:
    """The PDFs, in the order of ``jobs``: in this process for a few, else in ``workers`` processes (0: one per core)."""
    if not jobs:
        return
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers <= 1 or len(jobs) < MIN_JOBS_FOR_WORKERS:
        renderer = make_renderer(publication, out_root)
        for job in jobs:
            yield render_pdf(renderer, publication, job, out_root)
        return
    context = get_context("spawn")  # a clean process: no state copied from ours
    # Workers are replaced after DOCUMENTS_PER_WORKER PDFs each by starting a new pool for
    # every batch (Python 3.11's max_tasks_per_child can hang when a worker retires).
    size = workers * DOCUMENTS_PER_WORKER
    for start in range(0, len(jobs), size):
        batch = jobs[start : start + size]
        busy = context.RawArray("b", len(batch))  # 1 while a worker makes that job
        broken = False
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=start_worker, initargs=(publication.root, out_root, busy)
        ) as pool:
            try:
                yield from pool.map(run_in_worker, batch, range(len(batch)))
            except BrokenProcessPool:
                broken = True
        if broken:  # read once the pool has stopped every worker: only the dead ones' marks are left
            raise BuildError(_stopped([job for job, mark in zip(batch, busy, strict=True) if mark]))


def _stopped(jobs: list[Job]) -> str:
    making = f" while making {', '.join(job.output for job in jobs)}" if jobs else ""
    return (
        f"a PDF worker process stopped unexpectedly{making} (killed, or out of memory); nothing was written.\n"
        "  hint: run the build again; with little memory, use fewer workers (--jobs 1)"
    )


@dataclass
class _Worker:
    """What a worker process keeps between PDFs."""

    publication: Publication
    renderer: PdfRenderer
    out_root: Path
    warnings: list[str]
    busy: Any  # the shared marks of the jobs being made (a ctypes array)
    current: int = -1  # the job this worker is making


_worker: _Worker | None = None  # set once per worker process by start_worker


def start_worker(root: Path, out_root: Path, busy: Any) -> None:
    """In a new worker process: read the publication once, and set up WeasyPrint once."""
    from .read import read_publication

    global _worker
    warnings = keep_weasyprint_warnings()
    publication = read_publication(root)
    _worker = _Worker(publication, make_renderer(publication, out_root), out_root, warnings, busy)
    signal.signal(signal.SIGTERM, _stopped_by_the_pool)


def _stopped_by_the_pool(_signal: int, _frame: object) -> None:
    """The pool stops the other workers when one dies: this one's job is not the cause."""
    if _worker is not None and _worker.current >= 0:
        _worker.busy[_worker.current] = 0
    os._exit(1)


def run_in_worker(job: Job, index: int) -> Result:
    assert _worker is not None, "start_worker runs first"
    _worker.current, _worker.busy[index] = index, 1
    if os.environ.get("DIPTYCH_TEST_KILL_WORKER_AT") == job.output:
        os.kill(os.getpid(), signal.SIGKILL)
    try:
        _worker.warnings.clear()
        result = render_pdf(_worker.renderer, _worker.publication, job, _worker.out_root)
    finally:
        _worker.busy[index], _worker.current = 0, -1
    result.warnings = (*_worker.warnings, *result.warnings)
    return result
