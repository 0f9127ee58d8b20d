"""PDFs on a Dask cluster: a LocalCluster of two worker processes stands in for machines sharing no disk."""

from __future__ import annotations

import os
import signal
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from distributed import Client, LocalCluster, get_task_stream

from diptych import cluster as cluster_module
from diptych.build import BuildOptions, BuildReport, build
from diptych.errors import BuildError

from .conftest import DOCUMENT_YAML, MakePublication, run_cli

pytestmark = pytest.mark.slow

OTHER = DOCUMENT_YAML.replace("Un titre", "Un autre titre").replace("A headline", "Another headline")


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[tuple[str, Client]]:
    """Two worker processes, one thread each; the address a build is given, and a client to watch or harm them."""
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40) as local,
        Client(local, set_as_default=False) as client,
    ):
        yield local.scheduler_address, client


@pytest.fixture
def publication(make_publication: MakePublication) -> Path:
    return make_publication(documents={"a.yaml": DOCUMENT_YAML, "b.yaml": OTHER})


def made(report: BuildReport) -> set[str]:
    return {str(p) for p in report.files}


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def assert_same_edition(local: BuildReport, remote: BuildReport) -> None:
    assert made(local) == made(remote)
    for name in made(local):
        a, b = local.output / name, remote.output / name
        if name.endswith(".pdf"):
            assert pdf_text(a) == pdf_text(b), name
        else:
            assert a.read_bytes() == b.read_bytes(), name


def test_the_cluster_makes_the_edition_a_local_build_makes(
    publication: Path, tmp_path: Path, dask_cluster: tuple[str, Client]
) -> None:
    address, _ = dask_cluster
    local = build(publication, BuildOptions(output=tmp_path / "local", jobs=2))
    remote = build(publication, BuildOptions(output=tmp_path / "cluster", scheduler=address))
    assert_same_edition(local, remote)
    pdfs = sum(1 for name in made(remote) if name.endswith(".pdf"))
    assert f"{pdfs} jobs on 2 workers" in remote.made_on and "sent per job" in remote.made_on
    assert not remote.warnings


def test_a_rebuild_sends_only_the_changed_jobs(publication: Path, tmp_path: Path, dask_cluster: tuple[str, Client]) -> None:
    address, client = dask_cluster
    options = BuildOptions(output=tmp_path / "out", scheduler=address, languages=("fr", "en"))
    build(publication, options)
    document = publication / "content" / "a.yaml"
    document.write_text(document.read_text(encoding="utf-8").replace("Un paragraphe.", "Un paragraphe revu."), "utf-8")
    with get_task_stream(client) as stream:
        again = build(publication, options)
    ran = {task["key"] for task in stream.data if str(task["key"]).startswith("diptych-pdf-")}
    changed_pdfs = {name for name in made(again) if name.endswith(".pdf")}
    assert {"pdf/a.fr.pdf", "pdf/a.en.pdf"} <= changed_pdfs and not any("/b." in name for name in changed_pdfs)
    assert len(ran) == len(changed_pdfs), ran
    assert "revu" in pdf_text(again.output / "pdf/a.fr.pdf")


OWN_CATALOG = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Contents"
msgstr "Sommaire de la maison"
"""


def test_a_changed_template_catalog_or_setting_is_not_served_from_a_worker_s_cache(
    publication: Path, tmp_path: Path, dask_cluster: tuple[str, Client]
) -> None:
    """Workers keep what they set up for a publication between builds: an edit of its templates, interface
    strings or settings must reach the next build's PDFs all the same."""
    from pypdf import PdfReader

    from diptych.theme import theme_dir

    address, _ = dask_cluster
    options = BuildOptions(output=tmp_path / "out", scheduler=address, languages=("fr",), formats=("pdf",))
    theme_template = (theme_dir() / "templates" / "document.html").read_text(encoding="utf-8")
    own = publication / "templates" / "document.html"
    own.parent.mkdir()

    def mark(text: str) -> None:
        marked = theme_template.replace('{% include "document_body.html" %}', text + '{% include "document_body.html" %}')
        assert marked != theme_template
        own.write_text(marked, encoding="utf-8")

    pdf = tmp_path / "out" / "pdf" / "a.fr.pdf"
    mark('<p>{{ _("Contents") }} marque-un</p>')
    build(publication, options)
    first = pdf_text(pdf)
    assert "marque-un" in first and "maison" not in first

    mark('<p>{{ _("Contents") }} marque-deux</p>')
    catalog = publication / "locale" / "fr" / "LC_MESSAGES" / "diptych.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(OWN_CATALOG, encoding="utf-8")
    build(publication, options)
    second = pdf_text(pdf)
    assert "Sommaire de la maison marque-deux" in second and "marque-un" not in second

    settings = publication / "publication.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("fr: Essai", "fr: Essai revu"), encoding="utf-8")
    build(publication, options)
    assert PdfReader(pdf).metadata.title == "Un titre — Essai revu"


def test_a_worker_killed_mid_build_does_not_lose_the_edition(
    publication: Path, tmp_path: Path, dask_cluster: tuple[str, Client]
) -> None:
    address, client = dask_cluster
    killed: list[str] = []

    def kill_a_worker(done: int, total: int, name: str) -> None:
        if name.endswith(".pdf") and not killed:
            victim = sorted(client.scheduler_info()["workers"])[0]
            pid = client.run(os.getpid, workers=[victim])[victim]
            os.kill(pid, signal.SIGKILL)  # the worker dies with its jobs; its nanny starts another
            killed.append(victim)

    local = build(publication, BuildOptions(output=tmp_path / "local", jobs=1))
    remote = build(publication, BuildOptions(output=tmp_path / "cluster", scheduler=address, force=True), progress=kill_a_worker)
    assert killed
    assert_same_edition(local, remote)
    client.wait_for_workers(2, timeout=60)  # the next test has its two workers again


def test_a_worker_with_other_software_refuses_and_nothing_is_published(
    publication: Path, tmp_path: Path, dask_cluster: tuple[str, Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    address, _ = dask_cluster
    original = cluster_module.software_and_fonts

    def client_side(faces: tuple[str, ...]) -> dict[str, Any]:  # only this process pretends; the workers are real
        return {**original(faces), "WeasyPrint": "69.0"}

    monkeypatch.setattr(cluster_module, "software_and_fonts", client_side)
    out = tmp_path / "out"
    with pytest.raises(BuildError) as refused:
        build(publication, BuildOptions(output=out, scheduler=address))
    message = str(refused.value)
    assert "refused" in message and "WeasyPrint: 70." in message and "69.0 on the client" in message
    assert "nothing was published" in message
    assert not [p for p in out.rglob("*") if p.is_file() and p.name != ".diptych.lock"]


def test_scheduler_options_from_the_command_line(publication: Path) -> None:
    wrong = run_cli("build", publication, "--scheduler", "local:two")
    assert wrong.returncode == 2 and "local:N" in wrong.stderr, wrong.stderr
    both = run_cli("build", publication, "--scheduler", "local:2", "--jobs", "2")
    assert both.returncode == 2 and "choose one" in both.stderr
    unreachable = run_cli("build", publication, "--format", "pdf", "--scheduler", "tcp://127.0.0.1:9")
    assert unreachable.returncode == 1 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in unreachable.stderr
    assert "Traceback" not in unreachable.stderr and not (publication / "output" / "pdf").exists()


def test_a_job_lost_on_every_try_fails_the_build_and_nothing_is_published(publication: Path, tmp_path: Path) -> None:
    """With no second try allowed, the job of the killed worker is lost for good: the build names it and writes nothing."""
    import dask

    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40) as local,
        Client(local, set_as_default=False) as client,
    ):

        def kill_a_busy_worker(done: int, total: int, name: str) -> None:
            if name.endswith(".pdf") and done < total:
                busy = [address for address, keys in client.processing().items() if keys]
                if busy:
                    pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
                    os.kill(pid, signal.SIGKILL)

        out = tmp_path / "out"
        with pytest.raises(BuildError) as lost:
            build(publication, BuildOptions(output=out, scheduler=local.scheduler_address), progress=kill_a_busy_worker)
    message = str(lost.value)
    assert "the cluster lost the worker making it on every try" in message and "(document " in message
    assert "nothing was published" in message
    assert not [p for p in out.rglob("*") if p.is_file() and p.name != ".diptych.lock"]


def test_local_workers_run_quiet_and_the_readme_gives_the_same_settings() -> None:
    """Dask's profiler and monitors cost a third of a CPU second per PDF: local:N turns them down in its
    workers, and the README tells the owner of a cluster the same settings."""
    import re
    from contextlib import ExitStack

    import dask
    import yaml

    from diptych.cluster import QUIET_WORKERS, DaskExecutor

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    block = re.search(r"\n( +)distributed:\n(?:\1 .*\n)+", readme)
    assert block, "the README shows the workers' Dask settings"
    advised: dict[str, Any] = {}
    dask.config.update(advised, yaml.safe_load(textwrap.dedent(block.group(0))))
    assert {key: str(dask.config.get(key, config=advised)) for key in QUIET_WORKERS} == {
        key: str(value) for key, value in QUIET_WORKERS.items()
    }

    with ExitStack() as held:
        client = DaskExecutor("local:1")._connect(held)
        seen = client.run(lambda: {key: dask.config.get(key) for key in QUIET_WORKERS})
    assert list(seen.values()) == [QUIET_WORKERS]
