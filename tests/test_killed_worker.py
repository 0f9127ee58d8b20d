"""A PDF worker process that dies during `build --jobs 2` fails the build (exit 1) with the PDF it was making named,
and publishes nothing: the previous edition stays byte for byte as it was."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import DOCUMENT_YAML, PUBLICATION_YAML, run_cli, snapshot

pytestmark = pytest.mark.slow

#: three documents in two languages: 18 PDFs, enough for the worker processes (fewer are made in the building process)
DOCUMENTS = {f"d{n}.yaml": DOCUMENT_YAML for n in range(3)}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The publication with its edition built once; each test works on a copy."""
    root = tmp_path_factory.mktemp("killed") / "pub"
    (root / "content").mkdir(parents=True)
    (root / "publication.yaml").write_text(PUBLICATION_YAML, encoding="utf-8")
    for name, text in DOCUMENTS.items():
        (root / "content" / name).write_text(text, encoding="utf-8")
    result = run_cli("build", root, "--jobs", "2")
    assert result.returncode == 0, result.stderr
    return root


def copy_of(built: Path, tmp_path: Path) -> Path:
    root = tmp_path / "pub"
    shutil.copytree(built, root)
    return root


def build(root: Path, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "diptych", "build", str(root), "--jobs", "2", "--force"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **env},
    )


def assert_nothing_published(root: Path, before: dict[str, bytes], stderr: str) -> None:
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    assert snapshot(root / "output") == before  # every file as it was, and no temporary file left


def test_a_worker_that_dies_names_its_pdf_and_publishes_nothing(built: Path, tmp_path: Path) -> None:
    root = copy_of(built, tmp_path)
    before = snapshot(root / "output")
    process = build(root, DIPTYCH_TEST_KILL_WORKER_AT="pdf/d1.fr.pdf")  # the worker SIGKILLs itself at that PDF
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 1, stderr
    # only the PDF of the worker that died: the other worker, stopped by the pool, is not blamed
    assert "error: a PDF worker process stopped unexpectedly while making pdf/d1.fr.pdf (killed, or out of memory);" in stderr
    assert "nothing was written" in stderr and "hint: run the build again" in stderr
    assert_nothing_published(root, before, stderr)


def workers_of(parent: int) -> list[int]:
    """The worker processes multiprocessing started for ``parent`` (not its resource tracker)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            command = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        if ppid == parent and b"spawn_main" in command:
            found.append(int(stat.parent.name))
    return found


def running(workers: list[int]) -> int:
    """A worker that is running (making a PDF) rather than waiting for one, if one is within a second; else the first."""
    deadline = time.monotonic() + 1
    while time.monotonic() < deadline:
        for pid in workers:
            with contextlib.suppress(OSError, IndexError):
                if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "R":
                    return pid
        time.sleep(0.005)
    return workers[0]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the worker processes through /proc")
def test_a_worker_killed_from_outside_fails_the_build_and_publishes_nothing(built: Path, tmp_path: Path) -> None:
    root = copy_of(built, tmp_path)
    before = snapshot(root / "output")
    process = build(root)
    deadline = time.monotonic() + 120
    # the workers are making PDFs once the first one is staged beside its place
    while time.monotonic() < deadline and not list((root / "output" / "pdf").glob(".*.pdf.diptych-*.tmp")):
        assert process.poll() is None, process.communicate()
        time.sleep(0.01)
    workers = workers_of(process.pid)
    assert len(workers) == 2, workers
    os.kill(running(workers), signal.SIGKILL)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 1, stderr
    stopped = re.search(r"a PDF worker process stopped unexpectedly(?: while making (\S+))? \(killed, or out of memory\)", stderr)
    assert stopped, stderr
    # a worker killed while making a PDF is named with it (the other test pins that); one killed between two
    # PDFs, as a busy machine's scheduler may leave it, was making none
    assert stopped[1] is None or (built / "output" / stopped[1]).is_file(), stderr  # one of the edition's PDFs
    assert_nothing_published(root, before, stderr)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]  # the other worker was stopped too
