"""Who makes a build's PDFs: this process, worker processes on this machine, or a Dask cluster.

The plan (:mod:`.jobs`) says what to make; an executor makes it and hands back each
PDF as it is done, and the build stages and commits them whoever made them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from .jobs import Job, Result, make_renderer, render_pdf
from .model import Publication
from .workers import make_pdfs


class Executor(Protocol):
    def make_pdfs(self, publication: Publication, jobs: list[Job], out_root: Path) -> Iterator[Result]:
        """The PDFs of ``jobs``, each as soon as it is made."""
        ...

    def describe(self) -> str:
        """Where the PDFs were made, for the build's summary ("" when on this machine)."""
        ...


class InProcess:
    """Every PDF in the building process, one after the other (``--jobs 1``)."""

    def make_pdfs(self, publication: Publication, jobs: list[Job], out_root: Path) -> Iterator[Result]:
        if jobs:
            renderer = make_renderer(publication, out_root)
            for job in jobs:
                yield render_pdf(renderer, publication, job, out_root)

    def describe(self) -> str:
        return ""


class LocalWorkers:
    """Long-lived worker processes on this machine (``--jobs N``; 0: one per core), see :mod:`.workers`."""

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def make_pdfs(self, publication: Publication, jobs: list[Job], out_root: Path) -> Iterator[Result]:
        return make_pdfs(publication, jobs, out_root, self.workers)

    def describe(self) -> str:
        return ""


def executor_for(jobs: int, scheduler: str | None) -> Executor:
    """A Dask cluster when a scheduler is named (``tcp://host:8786``, ``local:N``), else this machine."""
    if scheduler:
        from .cluster import DaskExecutor

        return DaskExecutor(scheduler)
    return InProcess() if jobs == 1 else LocalWorkers(jobs)
