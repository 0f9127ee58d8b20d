"""Facing pages against the two single-language PDFs they are made from: time and pages.

    .venv/bin/python bench/facing.py [DIR] [--repeat 3]

One warm PDF renderer (as a worker keeps it); processor time, so that other work on the
machine does not count. Targets (issue 14): the facing PDF takes at most 2.5× the time of
the two single-language PDFs and has at most 2 × max(their pages) + 4 pages.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from diptych.jobs import Job, make_renderer, plan, render_pdf  # noqa: E402
from diptych.read import read_publication  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", nargs="?", type=Path, default=ROOT)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    publication = read_publication(arguments.root)
    out = arguments.root / "output"
    renderer = make_renderer(publication, out)
    jobs = {job.output: job for job in plan(publication, publication.languages, ("pdf",))}

    def run(job: Job) -> tuple[float, int]:
        times, pages = [], 0
        for _ in range(arguments.repeat):
            started = time.process_time()
            pages = render_pdf(renderer, publication, job, out, False).pages
            times.append(time.process_time() - started)
        return statistics.median(times), pages

    results = []
    for job in jobs.values():
        if job.kind != "facing":
            continue
        run(job)  # warm: fonts and stylesheets
        facing, pages = run(job)
        single = {j.languages[0]: j for j in jobs.values() if j.kind == "pdf" and j.slug == job.slug}
        singles = [run(single[code]) for code in job.languages]
        alone = sum(seconds for seconds, _ in singles)
        limit = 2 * max(count for _, count in singles) + 4
        results.append(
            {
                "pdf": job.output,
                "facing_seconds": round(facing, 2),
                "singles_seconds": round(alone, 2),
                "ratio": round(facing / alone, 2),
                "pages": pages,
                "page_limit": limit,
                "ok": facing / alone <= 2.5 and pages <= limit,
            }
        )
        print(json.dumps(results[-1]), flush=True)


if __name__ == "__main__":
    main()
