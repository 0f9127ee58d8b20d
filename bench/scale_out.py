"""Beyond one machine: what a Dask cluster costs here, and the costs a larger cluster's size is planned from.

    .venv/bin/python bench/scale_out.py [cluster] [costs] [--repeat N] [--documents 200]

cluster  the corpus's PDFs with --scheduler local:2 vs --jobs 2 (alternating runs; target ≤ 1.15×),
         and the bytes sent per job (from the build's summary)
costs    CPU seconds of each PDF job in one process against its pages: the least-squares fit
         seconds = per_job + per_page × pages, the inputs of docs/scale.md's model
html     the building machine's share: the corpus's HTML pages per second
overhead Dask's own cost per task here: 2,000 empty tasks on a LocalCluster of 2 processes
shares   where a Dask build's CPU goes (the jobs, the workers' other threads, the building process),
         with Dask's default settings and with the quiet ones local:N gives its workers
model    a 10,000-document, 24-language full rebuild from those costs (--cost per_job=… per_page=… …)
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import make_corpus  # noqa: E402


def diptych(*arguments: str | Path) -> list[str]:
    return [PYTHON, "-m", "diptych", *map(str, arguments)]


def timed(command: list[str]) -> tuple[float, str, float]:
    """Wall seconds, the command's stderr (its summary), and the CPU seconds of the command and all its processes.

    On a shared machine the wall time follows everyone's load; the CPU time much less so.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "DIPTYCH_SCHEDULER": ""})
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode:
        raise SystemExit(f"failed: {' '.join(command)}\n{result.stderr[-3000:]}")
    return wall, result.stderr, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def cluster(corpus: Path, repeat: int, languages: str) -> None:
    local, dask, local_cpu, dask_cpu = [], [], [], []
    only = ("--lang", languages) if languages else ()
    summary = ""
    for run in range(repeat):
        print(f"  run {run + 1}: {load()}", flush=True)
        wall, _, cpu = timed(diptych("build", corpus, *only, "--format", "pdf", "--force", "--jobs", "2", "-q"))
        local.append(wall)
        local_cpu.append(cpu)
        print(f"    --jobs 2 {wall:.1f} s ({cpu:.1f} CPU s); {load()}", flush=True)
        wall, summary, cpu = timed(diptych("build", corpus, *only, "--format", "pdf", "--force", "--scheduler", "local:2"))
        dask.append(wall)
        dask_cpu.append(cpu)
        print(f"    --scheduler local:2 {wall:.1f} s ({cpu:.1f} CPU s); {load()}", flush=True)
    ratio = statistics.median(dask) / statistics.median(local)
    cpu_ratio = statistics.median(dask_cpu) / statistics.median(local_cpu)
    print(
        f"cluster: --scheduler local:2 {statistics.median(dask):.1f} s vs --jobs 2 {statistics.median(local):.1f} s "
        f"(medians of {repeat}): {ratio:.2f}× (target ≤ 1.15×) {'ok' if ratio <= 1.15 else 'MISSED'}; "
        f"CPU {statistics.median(dask_cpu):.0f} s vs {statistics.median(local_cpu):.0f} s: {cpu_ratio:.2f}×"
    )
    traffic = re.search(r"on Dask .*", summary)
    print(f"  {traffic.group(0) if traffic else summary.strip().splitlines()[-1]}")


def costs(corpus: Path, sample: int) -> None:
    """Per-job and per-page CPU seconds of PDF jobs made one after the other in this process."""
    from diptych.jobs import make_renderer, plan_edition, render_pdf
    from diptych.read import read_publication

    publication = read_publication(corpus)
    plan = plan_edition(publication, publication.languages, ("pdf",))
    jobs = random.Random(0).sample(plan.pdfs, min(sample, len(plan.pdfs)))
    out = corpus / "output"
    renderer = make_renderer(publication, out)
    render_pdf(renderer, publication, jobs[0], out)  # warm: fonts, stylesheets
    points = []
    for job in jobs:
        started = time.process_time()
        result = render_pdf(renderer, publication, job, out)
        points.append((result.pages, time.process_time() - started, job.kind, len(result.data)))
    pages = [p for p, _, _, _ in points]
    seconds = [s for _, s, _, _ in points]
    per_page, per_job = statistics.linear_regression(pages, seconds)
    total_pages, total_seconds = sum(pages), sum(seconds)
    print(
        f"costs: {len(points)} PDF jobs, {total_pages} pages, {total_seconds:.1f} CPU s "
        f"({total_pages / total_seconds:.1f} pages per CPU second); fit: {per_job:.3f} s per job + {per_page:.3f} s per page"
    )
    for kind in sorted({k for _, _, k, _ in points}):
        mine = [(p, s, b) for p, s, k, b in points if k == kind]
        print(
            f"  {kind}: {len(mine)} jobs, {statistics.mean(p for p, _, _ in mine):.1f} pages, "
            f"{statistics.mean(s for _, s, _ in mine):.2f} CPU s, {statistics.mean(b for _, _, b in mine) / 1000:.0f} KB each"
        )


def html(corpus: Path, repeat: int) -> None:
    """The building machine's own share: reading the corpus and making its HTML pages, in pages per second."""
    cpu = [timed(diptych("build", corpus, "--format", "html", "--force", "-q"))[2] for _ in range(repeat)]
    pages = sum(1 for _ in (corpus / "output").rglob("*.html"))
    wall = statistics.median(cpu)
    print(f"html: {pages} pages in {wall:.1f} CPU s (median of {repeat}): {pages / wall:.0f} pages per CPU second")


def overhead(tasks: int) -> None:
    """Dask's own cost per task on this machine: ``tasks`` tasks that do nothing, on a LocalCluster of 2 processes."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40) as local,
        Client(local, set_as_default=False) as client,
    ):
        started = time.perf_counter()
        futures = [client.submit(len, b"x" * 100, key=f"noop-{n}") for n in range(tasks)]
        submitted = time.perf_counter() - started
        client.gather(futures)
        wall = time.perf_counter() - started
    print(
        f"overhead: {tasks} empty tasks in {wall:.1f} s on 2 workers: {wall / tasks * 1000:.2f} ms per task "
        f"({submitted / tasks * 1000:.2f} ms of it to submit)"
    )


def timed_job(bundle: Any, job: Any, documents: Any) -> Any:
    """On a worker: the job, and the CPU seconds of its own thread and of the whole worker process while it ran."""
    from diptych import cluster as on_worker  # the worker's own, unpatched run_job

    thread, process = time.thread_time(), time.process_time()
    try:
        return on_worker.run_job(bundle, job, documents)
    finally:
        on_worker.__dict__.setdefault("bench_times", []).append((time.thread_time() - thread, time.process_time() - process))


def worker_times() -> tuple[float, float, float]:
    from diptych import cluster as on_worker

    usage = resource.getrusage(resource.RUSAGE_SELF)
    times = on_worker.__dict__.get("bench_times", [])
    return usage.ru_utime + usage.ru_stime, sum(t for t, _ in times), sum(p for _, p in times)


def shares(corpus: Path, languages: str) -> None:
    """The CPU seconds of a Dask build, process by process, with Dask's defaults and with ``QUIET_WORKERS``."""
    import dask
    from distributed import Client, LocalCluster

    from diptych import cluster as client_side
    from diptych.build import BuildOptions, build

    only = tuple(languages.split(",")) if languages else None
    client_side.run_job = timed_job  # submitted by value: the worker runs its own run_job inside
    for name, settings in (("Dask's defaults", {}), ("quiet workers", client_side.QUIET_WORKERS)):
        with (
            dask.config.set(settings),
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40) as local,
            Client(local, set_as_default=False) as client,
            tempfile.TemporaryDirectory() as out,
        ):
            before = sum(process for process, _, _ in client.run(worker_times).values())
            started, own = time.perf_counter(), time.process_time()
            address = local.scheduler_address
            options = BuildOptions(output=Path(out), languages=only, formats=("pdf",), force=True, scheduler=address)
            report = build(corpus, options)
            wall, own = time.perf_counter() - started, time.process_time() - own
            measured = list(client.run(worker_times).values())
        jobs = sum(1 for f in report.files if f.suffix == ".pdf")
        total = sum(process for process, _, _ in measured) - before
        thread = sum(t for _, t, _ in measured)
        during = sum(p for _, _, p in measured)
        share = (during - thread + own) / jobs
        print(
            f"shares, {name}: {jobs} jobs in {wall:.0f} s ({load()}): jobs {thread:.1f} CPU s, the workers' other threads "
            f"while a job ran {during - thread:.1f} s, the workers outside jobs {total - during:.1f} s, the building process "
            f"{own:.1f} s; Dask's share {share:.2f} CPU s per job",
            flush=True,
        )


def model(costs: dict[str, float], documents: int = 10_000, languages: int = 24) -> None:
    """A full rebuild of ``documents`` in ``languages`` (the source and its translations, each paired with the source
    in a parallel PDF), from measured costs; see docs/scale.md."""
    single, pairs = documents * languages, documents * (languages - 1)
    jobs = single + pairs
    pages = single * costs["pages_single"] + pairs * costs["pages_pair"]
    cpu_hours = (jobs * costs["per_job"] + pages * costs["per_page"]) / 3600
    cores = cpu_hours / costs["efficiency"]
    html_hours = (single + pairs) / costs["html_rate"] / 3600
    scheduler_hours = jobs * costs["task_ms"] / 1000 / 3600
    back_gb = jobs * costs["pdf_kb"] / 1e6
    sent_gb = (jobs * costs["sent_per_job_kb"]) / 1e6
    print(f"model: {documents:,} documents × {languages} languages")
    print(f"  jobs: {single:,} single-language + {pairs:,} parallel = {jobs:,} PDFs; {pages:,.0f} pages")
    print(f"  CPU: {cpu_hours:,.0f} CPU-hours → {cores:,.0f} worker cores for one hour at {costs['efficiency']:.0%} use")
    print(f"  the building machine's HTML: {single + pairs:,} pages, {html_hours:.2f} h on one core")
    print(f"  Dask's per-task cost: {scheduler_hours:.2f} h; PDFs back to the client: {back_gb:.1f} GB; sent: {sent_gb:.1f} GB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    names = ["cluster", "costs", "html", "overhead", "shares", "model", []]
    parser.add_argument("names", nargs="*", choices=names, help="default: cluster, costs, html, overhead")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--lang", default="", help="cluster: build only these languages (default: all)")
    parser.add_argument("--cost", nargs="*", default=[], metavar="NAME=VALUE", help="model: the measured costs")
    parser.add_argument("--sample", type=int, default=60, help="PDF jobs timed by costs")
    parser.add_argument("--corpus", type=Path, help="keep the corpus here (default: a temporary folder)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="diptych-scale-") as scratch:
        corpus = arguments.corpus or Path(scratch) / "corpus"
        needs_corpus = set(arguments.names or ["cluster"]) & {"cluster", "costs", "html", "shares"}
        if needs_corpus and not (corpus / "publication.yaml").is_file():
            make_corpus(corpus, arguments.documents, ("fr", "en"), ["parallel"], book=False)
        if needs_corpus:
            print(f"{arguments.documents} documents (fr, en, fr-en parallel); {os.cpu_count()} cores; {load()}", flush=True)
        for name in arguments.names or ["costs", "html", "overhead", "cluster"]:
            if name == "cluster":
                cluster(corpus, arguments.repeat, arguments.lang)
            elif name == "html":
                html(corpus, arguments.repeat)
            elif name == "overhead":
                overhead(2000)
            elif name == "shares":
                shares(corpus, arguments.lang)
            elif name == "model":
                model({key: float(value) for key, value in (item.split("=") for item in arguments.cost)})
            else:
                costs(corpus, arguments.sample)


if __name__ == "__main__":
    main()
