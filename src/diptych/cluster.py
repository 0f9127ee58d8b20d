"""PDFs made on a Dask cluster: workers on other machines, sharing no disk with the client.

A job carries what it needs. Every job of a build shares one *bundle* — publication.yaml,
the publication's own templates, styles and interface strings, the source history, and the identity of the
client's software and fonts — keyed by its digest and sent once to each worker; each
document's YAML is keyed by its content and reaches a worker only when a job there needs
it. A job itself is a few hundred bytes (which file to make, from which
document); the worker sends back the PDF's bytes, and the client stages and commits them
exactly as for a local build.

A worker checks, once per bundle, that it runs the client's diptych, built-in theme,
WeasyPrint and Pango and has the same font files, and refuses the job otherwise: the
same inputs must make the same PDF wherever it is made. When a worker is lost, Dask runs
its jobs elsewhere; a job that fails on every try fails the build, naming its file and
document, and nothing is published.
"""

from __future__ import annotations

import atexit
import dataclasses
import logging
import os
import pickle
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import BuildError, DiptychError, UsageError
from .fonts import faces_for, font_files
from .jobs import Job, Result, make_renderer, render_pdf
from .logs import collect_warnings
from .manifest import digest, file_digest
from .model import Publication
from .read import PUBLICATION_FILE, read_publication
from .theme import LOCALE_DIR, theme_dir
from .translation.history import HISTORY_FILE

if TYPE_CHECKING:
    from .pdf import PdfRenderer

logger = logging.getLogger(__name__)

#: the environment variable that names the scheduler when --scheduler is not given
SCHEDULER_VARIABLE = "DIPTYCH_SCHEDULER"
#: the publication's folders whose files every job may read (locale: its own interface strings)
SHARED_FOLDERS = ("templates", "styles", "locale")
#: Dask settings for the workers of ``local:N``, and advised for any cluster's workers (see the README).
#: Dask's own monitoring is made for interactive analysis: its profiler samples the running task's
#: stack every 10 ms (WeasyPrint's stacks are deep) and its monitors wake every 20–500 ms. Measured on
#: 60 PDFs, that cost 0.3 CPU s per PDF job; with these settings 0.06 s (docs/scale.md).
QUIET_WORKERS = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
}
INSTALL_HINT = "install it with: pip install 'diptych[cluster]' (make does)"


def check_scheduler(address: str) -> str:
    """``tcp://host:8786`` (any address Dask takes) or ``local:N``; a malformed ``local:`` is a usage error."""
    if address.startswith("local:"):
        count = address.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise UsageError(f"--scheduler {address}: write local:N with N worker processes, e.g. local:2")
    elif not address.strip():
        raise UsageError("--scheduler: give the scheduler's address, e.g. tcp://host:8786, or local:N")
    return address


# -- what the client sends -----------------------------------------------------------------


@dataclass(frozen=True)
class Bundle:
    """What every job of one build shares; a worker unpacks it once."""

    digest: str
    #: path relative to the publication → bytes
    files: dict[str, bytes]
    #: the faces the publication is set in, whose files must match
    faces: tuple[str, ...]
    environment: dict[str, str]
    out_root: str  # a PDF's base URL is its page's place in the client's output folder


def make_bundle(publication: Publication, out_root: Path) -> Bundle:
    root = publication.root
    paths = [root / PUBLICATION_FILE, root / HISTORY_FILE]
    for folder in SHARED_FOLDERS:
        if (root / folder).is_dir():
            paths += sorted(p for p in (root / folder).rglob("*") if p.is_file())
    files = {str(p.relative_to(root)): p.read_bytes() for p in paths if p.is_file()}
    faces = faces_for((publication.source, *publication.targets))
    environment = software_and_fonts(faces)
    parts = [f"{name}\0{digest(data)}" for name, data in sorted(files.items())]
    key = digest(*parts, *faces, *sorted(f"{k}={v}" for k, v in environment.items()), str(out_root))
    return Bundle(key, files, faces, environment, str(out_root))


def document_files(publication: Publication, job: Job) -> list[str]:
    """The documents a job reads: its own, or every one for the whole edition's book."""
    documents = [publication.document(job.slug)] if job.slug else list(publication.documents)
    return [str(document.path.relative_to(publication.root)) for document in documents]


def software_and_fonts(faces: tuple[str, ...]) -> dict[str, str]:
    """What must be the same on the client and every worker for a PDF to come out the same."""
    from weasyprint.text.ffi import pango

    theme = theme_dir()
    theme_files = [p for d in (theme / "templates", theme / "styles", LOCALE_DIR) if d.is_dir() for p in d.rglob("*")]
    listed = sorted(
        f"{p.relative_to(theme) if p.is_relative_to(theme) else p.relative_to(LOCALE_DIR.parent)}:{file_digest(p)}"
        for p in theme_files
        if p.is_file() and p.suffix != ".pyc"
    )
    version = pango.pango_version()
    return {
        "diptych": __version__,
        "the built-in theme": digest(*listed),
        "WeasyPrint": metadata.version("weasyprint"),
        "Pango": f"{version // 10000}.{version // 100 % 100}.{version % 100}",
        **{
            f"the font {face}": ", ".join(f"{p.name} ({p.stat().st_size} bytes)" for p in font_files(face)) or "absent"
            for face in faces
        },
    }


class WorkerRefused(Exception):
    """A worker whose software or fonts differ from the client's."""


# -- on a worker ---------------------------------------------------------------------------


@dataclass
class _Unpacked:
    """A bundle unpacked in a worker's own temporary folder, with WeasyPrint set up for it."""

    folder: Path
    publication: Publication  # the settings, without documents
    renderer: PdfRenderer
    documents: dict[tuple[str, ...], Publication] = field(default_factory=dict)


_lock = threading.Lock()  # one PDF at a time per worker process (WeasyPrint's caches are not thread-safe)
_unpacked: dict[str, _Unpacked] = {}


def carry(value: Any) -> Any:
    """A task that hands on what the client gave it (a bundle, a document), so that Dask can make it again."""
    return value


def run_job(bundle: Bundle, job: Job, documents: list[tuple[str, bytes]]) -> Result:
    """On a worker: make one PDF from the bundle and the documents the job carries."""
    with _lock:
        unpacked = _unpacked.get(bundle.digest) or _unpack(bundle)
        publication = _with_documents(unpacked, documents)
        with collect_warnings() as warnings:
            result = render_pdf(unpacked.renderer, publication, job, Path(bundle.out_root))
        result.warnings = (*warnings, *result.warnings)
        return result


def _unpack(bundle: Bundle) -> _Unpacked:
    mine = software_and_fonts(bundle.faces)
    different = [name for name in bundle.environment if mine.get(name) != bundle.environment[name]]
    if different:
        where = f"the worker on {os.uname().nodename}"
        lines = [f"  {name}: {mine.get(name, 'absent')} here, {bundle.environment[name]} on the client" for name in different]
        raise WorkerRefused(
            f"{where} refused the build: it differs from the client in\n"
            + "\n".join(lines)
            + "\n  hint: install the same diptych, WeasyPrint, Pango and fonts on every worker as on the client"
        )
    for stale in list(_unpacked.values()):  # a worker serves one build at a time: drop the last one's files
        shutil.rmtree(stale.folder, ignore_errors=True)
    _unpacked.clear()
    folder = Path(tempfile.mkdtemp(prefix="diptych-worker-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    for name, data in bundle.files.items():
        _write(folder / name, data)
    (folder / "content").mkdir(exist_ok=True)
    publication = read_publication(folder)
    unpacked = _Unpacked(folder, publication, make_renderer(publication, Path(bundle.out_root)))
    _unpacked[bundle.digest] = unpacked
    return unpacked


def _with_documents(unpacked: _Unpacked, documents: list[tuple[str, bytes]]) -> Publication:
    """The publication with the job's documents, read in a folder of their own beside the bundle's."""
    key = tuple(digest(name, data) for name, data in documents)
    if key in unpacked.documents:
        return unpacked.documents[key]
    folder = Path(tempfile.mkdtemp(prefix="documents-", dir=unpacked.folder))
    try:
        shutil.copy(unpacked.folder / PUBLICATION_FILE, folder / PUBLICATION_FILE)
        for name, data in documents:
            _write(folder / name, data)
        read = read_publication(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    # templates and styles are the bundle's: the Jinja environments and stylesheets set up for it serve every job
    publication = dataclasses.replace(read, root=unpacked.folder)
    if len(unpacked.documents) >= 16:
        unpacked.documents.pop(next(iter(unpacked.documents)))
    unpacked.documents[key] = publication
    return publication


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


# -- on the client -------------------------------------------------------------------------


@dataclass
class Traffic:
    """What a build sent to the cluster and got back, in bytes (pickled sizes)."""

    bundle: int = 0  # once to every worker
    documents: int = 0  # each document once, at least
    jobs: int = 0  # the job descriptions
    results: int = 0  # the PDFs and their reports
    count: int = 0  # jobs sent
    workers: int = 0

    def per_job(self) -> float:
        sent = self.bundle * self.workers + self.documents + self.jobs
        return sent / self.count if self.count else 0.0

    def describe(self) -> str:
        jobs, workers = f"job{'s' if self.count != 1 else ''}", f"worker{'s' if self.workers != 1 else ''}"
        return (
            f"{self.count} {jobs} on {self.workers} {workers}, {_size(self.per_job())} sent per job "
            f"(bundle {_size(self.bundle)} once per worker, documents {_size(self.documents)}), {_size(self.results)} back"
        )


def _size(count: float) -> str:
    for unit in ("bytes", "KB", "MB"):
        if count < 1000 or unit == "MB":
            return f"{count:.0f} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1000
    return f"{count:.1f} GB"  # pragma: no cover - the loop returns


class DaskExecutor:
    """Makes PDFs on the Dask scheduler at ``address``, or on a LocalCluster of N processes for ``local:N``."""

    def __init__(self, address: str) -> None:
        self.address = check_scheduler(address)
        self.traffic = Traffic()
        self.dashboard: str | None = None

    def describe(self) -> str:
        where = f"on the Dask scheduler {self.address}" if not self.address.startswith("local:") else f"on Dask ({self.address})"
        text = f"{where}: {self.traffic.describe()}"
        return text + (f"; dashboard {self.dashboard}" if self.dashboard else "")

    def make_pdfs(self, publication: Publication, jobs: list[Job], out_root: Path) -> Iterator[Result]:
        if not jobs:
            return
        with ExitStack() as held:
            client = self._connect(held)
            yield from self._run(client, publication, jobs, out_root)

    def _connect(self, held: ExitStack) -> Any:
        """A client of the scheduler (closed with ``held``), once it has at least one worker."""
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise BuildError(f"--scheduler needs Dask's distributed scheduler, which is not installed; {INSTALL_HINT}") from None
        if self.address.startswith("local:"):
            import dask

            held.enter_context(dask.config.set(QUIET_WORKERS))  # kept while the cluster runs: a nanny restarts workers with it
            cluster = LocalCluster(
                n_workers=int(self.address.removeprefix("local:")),
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
                silence_logs=logging.ERROR,
            )
            held.callback(cluster.close)
            return held.enter_context(Client(cluster, set_as_default=False))
        try:
            client = held.enter_context(Client(self.address, timeout=10, set_as_default=False))
            client.wait_for_workers(1, timeout=60)
            return client
        except (OSError, ValueError, TimeoutError) as error:
            raise BuildError(
                f"cannot reach the Dask scheduler at {self.address}: {error}\n"
                f"  hint: start one with 'dask scheduler' and workers with 'dask worker {self.address} --nthreads 1', "
                f"or unset {SCHEDULER_VARIABLE} to build on this machine"
            ) from None

    def _run(self, client: Any, publication: Publication, jobs: list[Job], out_root: Path) -> Iterator[Result]:
        from distributed import as_completed

        info = client.scheduler_info(n_workers=-1)
        self.traffic.workers = len(info.get("workers", {}))
        if "dashboard" in info.get("services", {}):
            self.dashboard = client.dashboard_link
            logger.info("the cluster's dashboard: %s", self.dashboard)
        bundle = make_bundle(publication, out_root)
        # Bundle and documents are tasks that return what they carry, not scattered data: the scheduler keeps
        # them, so when a worker holding them is lost they are made again elsewhere (scattered data would be lost).
        shared = client.submit(carry, bundle, key=f"diptych-bundle-{bundle.digest}")
        names = sorted({name for job in jobs for name in document_files(publication, job)})
        carried = {}
        for name in names:
            content = (name, (publication.root / name).read_bytes())
            carried[name] = client.submit(carry, content, key=f"diptych-document-{digest(*content)}")
            self.traffic.documents += len(pickle.dumps(content))
        self.traffic.bundle = len(pickle.dumps(bundle))
        futures = {}
        for job in jobs:
            documents = [carried[name] for name in document_files(publication, job)]
            futures[client.submit(run_job, shared, job, documents, key=f"diptych-pdf-{bundle.digest}-{job.output}")] = job
            self.traffic.jobs += len(pickle.dumps(job))
        self.traffic.count = len(jobs)
        for future in as_completed(list(futures), loop=client.loop):
            result = self._result(future, futures.pop(future))
            future.release()  # the worker may forget the PDF now that the client holds it
            self.traffic.results += len(result.data)
            yield result

    def _result(self, future: Any, job: Job) -> Result:
        from distributed import KilledWorker

        what = f"{job.output} (document {job.slug})" if job.slug else job.output
        try:
            result = future.result()
        except WorkerRefused as error:
            raise BuildError(f"{error}\nnothing was published.") from None
        except KilledWorker:
            raise BuildError(
                f"{what}: the cluster lost the worker making it on every try; nothing was published.\n"
                "  hint: a worker may run out of memory on this document; look at the workers' logs"
            ) from None
        except DiptychError as error:
            raise BuildError(f"{what}: {error}\nnothing was published.") from None
        except Exception as error:  # any other failure of the job on the worker, every time it ran
            raise BuildError(f"{what} failed on the cluster: {type(error).__name__}: {error}\nnothing was published.") from None
        assert isinstance(result, Result)
        return result
