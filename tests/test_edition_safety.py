"""Only what diptych made is removed; reading fails loudly; multi-file edits are all or nothing."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from diptych import cli, journal
from diptych.output import leftovers

from .conftest import DOCUMENT_YAML, MakePublication


def main(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str]:
    status = cli.main([str(a) for a in args])
    captured = capsys.readouterr()
    return status, captured.err + captured.out


def files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and p.name != ".diptych.lock"
    }


def test_a_tampered_manifest_cannot_delete_anything_outside_the_edition(
    make_publication: MakePublication, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_publication(documents={"doc.yaml": DOCUMENT_YAML, "gone.yaml": DOCUMENT_YAML})
    assert main(capsys, "build", root, "-f", "html")[0] == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("mine", encoding="utf-8")
    (root / "output" / "notes.html").write_text("mine", encoding="utf-8")
    manifest_path = root / "output" / ".diptych-manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for name in ("../publication.yaml", str(victim), "../content/doc.yaml", "notes.html", "fr/../../publication.yaml"):
        manifest["outputs"][name] = manifest["files"][name] = "0" * 24
    # a name of ours whose recorded digest is not that of the file there: someone changed it since
    manifest["files"]["en/gone/index.html"] = "0" * 24
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    (root / "content" / "gone.yaml").unlink()

    status, output = main(capsys, "build", root, "-f", "html")

    assert status == 0, output
    assert (root / "publication.yaml").is_file() and (root / "content" / "doc.yaml").is_file()
    assert victim.read_text(encoding="utf-8") == "mine"
    assert (root / "output" / "notes.html").read_text(encoding="utf-8") == "mine"
    assert (root / "output" / "en" / "gone" / "index.html").is_file()  # changed since: left alone
    assert not (root / "output" / "fr" / "gone" / "index.html").exists()  # exactly ours: removed
    saved = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert all(not name.startswith(("/", "..")) and ".." not in name.split("/") for name in saved["outputs"])


def test_only_our_temporary_files_are_cleaned_even_with_the_publication_as_output(
    make_publication: MakePublication, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_publication()
    mine = [root / ".notes.tmp", root / "content" / ".draft.tmp", root / ".index.html.tmp"]
    for path in mine:
        path.write_text("mine", encoding="utf-8")
    left = root / "fr" / "doc" / ".index.html.diptych-abcd1234.tmp"
    left.parent.mkdir(parents=True)
    left.write_text("left by a killed build", encoding="utf-8")
    assert leftovers(root) == [left]

    status, output = main(capsys, "build", root, "-f", "html", "-o", root)

    assert status == 0, output
    assert all(path.read_text(encoding="utf-8") == "mine" for path in mine)
    assert not left.exists()


def test_a_folder_that_cannot_be_read_fails_the_build_and_touches_nothing(
    make_publication: MakePublication, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_publication()
    assert main(capsys, "build", root, "-f", "html")[0] == 0
    before = files(root)
    real_scandir = os.scandir

    def scandir(path: str | Path) -> object:
        if Path(path).name == "content":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    (root / "content" / "doc.yaml").write_text(DOCUMENT_YAML + "\n", encoding="utf-8")  # a change: not up to date
    before = files(root)

    status, output = main(capsys, "build", root, "-f", "html")

    assert status == 1 and "cannot read this folder (Permission denied)" in output, output
    assert files(root) == before


def test_a_document_that_cannot_be_read_fails_the_build(
    make_publication: MakePublication, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_publication(documents={"doc.yaml": DOCUMENT_YAML, "b.yaml": DOCUMENT_YAML})
    assert main(capsys, "build", root, "-f", "html")[0] == 0
    before = files(root)
    real_open = os.open

    def refusing_open(path: str | Path, flags: int, *args: int) -> int:
        if str(path).endswith("b.yaml"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refusing_open)
    status, output = main(capsys, "build", root, "-f", "html", "--force")
    assert status == 1 and "b.yaml" in output and "Permission denied" in output, output
    assert files(root) == before


@pytest.mark.parametrize("command", [("add-language", "de"), ("mark-current", "en"), ("export", "--lang", "en")])
def test_a_full_disk_during_an_edit_changes_nothing(
    make_publication: MakePublication,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: tuple[str, ...],
) -> None:
    root = make_publication(documents={"a.yaml": DOCUMENT_YAML, "b.yaml": DOCUMENT_YAML, "c.yaml": DOCUMENT_YAML})
    before = files(root)
    writes = []

    def full(path: Path, data: bytes, mode: int) -> None:
        writes.append(path)
        if len(writes) == 2:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        journal_write(path, data, mode)

    journal_write = journal._write_new
    monkeypatch.setattr(journal, "_write_new", full)
    status, output = main(capsys, *command, root)
    assert status == 1 and "No space left on device" in output and "nothing was changed" in output, output
    assert "Traceback" not in output
    assert files(root) == {k: v for k, v in before.items()}
    assert not list(root.rglob("*.tmp"))


def test_a_full_disk_during_a_build_leaves_the_edition(
    make_publication: MakePublication, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_publication()
    assert main(capsys, "build", root, "-f", "html")[0] == 0
    before = files(root)
    from diptych import output

    def full(path: Path) -> tuple[int, str]:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(output, "temporary_file", full)
    status, message = main(capsys, "build", root, "-f", "html", "--force")
    assert status == 1 and "No space left on device" in message, message
    assert files(root) == before


def _run(root: Path, *args: str, kill_at: int = 0) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DIPTYCH_TEST_KILL_AT_STEP": str(kill_at)}
    return subprocess.run(
        [sys.executable, "-m", "diptych", *args, str(root)], capture_output=True, text=True, env=env, timeout=300, check=False
    )


@pytest.mark.slow
@pytest.mark.parametrize("command", [("add-language", "de"), ("mark-current", "en")])
def test_an_edit_killed_at_any_step_leaves_all_old_or_all_new_files(
    make_publication: MakePublication, tmp_path: Path, command: tuple[str, str]
) -> None:
    """SIGKILL at every step of the commit; the next command finishes or undoes the edit."""
    stale = DOCUMENT_YAML.replace("en: A paragraph.", "en: {text: A paragraph., source: 000000000000}")
    original = make_publication(documents={"a.yaml": stale, "b.yaml": stale, "c.yaml": stale})
    done = tmp_path / "done"
    shutil.copytree(original, done)
    assert _run(done, *command).returncode == 0
    old, new = files(original), files(done)
    assert old != new
    for step in range(1, 40):
        copy = tmp_path / f"step{step}"
        shutil.copytree(original, copy)
        killed = _run(copy, *command, kill_at=step)
        if killed.returncode == 0:
            break  # the edit has fewer steps: every one was tried
        assert killed.returncode == -9, killed.stderr
        checked = _run(copy, "check")  # any command recovers
        assert checked.returncode == 0, checked.stderr
        after = {k: v for k, v in files(copy).items() if not k.startswith(".diptych/journal")}
        assert after in (old, new), f"a mixture after a kill at step {step}"
        assert not [p for p in copy.rglob("*.tmp")], step
    else:
        pytest.fail("the edit never completed")
    assert step > 6  # the journal, three documents, the settings or history, the renames


def exported_state(work: Path, made_in: Path) -> dict[str, bytes]:
    """The files of ``work`` (pub/ and out/), the export's minute in PO headers aside; the record of exports must
    hold the digest of each exchange file as it is (the file and the record are of the same export). The record
    names a file outside the publication by its path when the export was made in ``made_in``."""
    state = {
        k: re.sub(rb"(POT-Creation-Date|PO-Revision-Date): [^\\]*", rb"\1: -", v) if k.endswith(".po") else v
        for k, v in files(work).items()
        if not k.startswith("pub/.diptych/journal")
    }
    ledger = json.loads(state["pub/.diptych/exports.json"])
    for name, recorded in ledger["files"].items():
        path = work / Path(name).relative_to(made_in) if Path(name).is_absolute() else work / "pub" / name
        assert hashlib.sha256(path.read_bytes()).hexdigest() == recorded, f"{name}: not the file recorded"
    state["pub/.diptych/exports.json"] = json.dumps({**ledger, "files": sorted(ledger["files"])}).encode("utf-8")
    return state


@pytest.mark.slow
@pytest.mark.parametrize("where", ["translations", "outside"])
def test_an_export_killed_at_any_step_leaves_all_old_or_all_new_files(
    make_publication: MakePublication, tmp_path: Path, where: str
) -> None:
    """An export of several files is one edit with its records (.diptych/exports.json, sources.json): SIGKILL at
    every step, then the next command; into the publication's translations/ or a folder outside it (--out)."""
    made = make_publication(documents={"a.yaml": DOCUMENT_YAML, "b.yaml": DOCUMENT_YAML, "c.yaml": DOCUMENT_YAML})
    work, old = tmp_path / "work", tmp_path / "old"  # every run in the same place: the records name the --out folder
    shutil.copytree(made, work / "pub")
    out = work / "out" if where == "outside" else work / "pub" / "translations" / "en"
    arguments = ("export", "--lang", "en", *(["--out", str(out)] if where == "outside" else []))
    assert _run(work / "pub", *arguments).returncode == 0  # the old export; then the translations change
    for path in (work / "pub" / "content").iterdir():
        path.write_text(path.read_text(encoding="utf-8").replace("en: A", "en: The"), encoding="utf-8")
    shutil.copytree(work, old)
    exported = _run(work / "pub", *arguments)
    assert exported.returncode == 0, exported.stderr
    before, after = exported_state(old, work), exported_state(work, work)
    changed = {k for k in after if before.get(k) != after[k]}
    assert {"pub/.diptych/exports.json", *(str((out / f"{n}.en.po").relative_to(work)) for n in "abc")} <= changed
    for step in range(1, 40):
        shutil.rmtree(work)
        shutil.copytree(old, work)
        killed = _run(work / "pub", *arguments, kill_at=step)
        if killed.returncode == 0:
            break  # the export has fewer steps: every one was tried
        assert killed.returncode == -9, killed.stderr
        checked = _run(work / "pub", "check")  # any command recovers
        assert checked.returncode == 0, checked.stderr
        now = exported_state(work, work)
        mixture = {k: (now.get(k) == before.get(k), now.get(k) == after.get(k)) for k in now.keys() | after.keys()}
        assert now in (before, after), f"a mixture after a kill at step {step}: (old?, new?) {mixture}"
        assert not list(work.rglob("*.tmp")), step
    else:
        pytest.fail("the export never completed")
    assert step > 8  # the journal, three files and the record, the commit, the renames


def test_the_message_after_ctrl_c_tells_whether_the_edit_was_made(
    make_publication: MakePublication, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_publication()
    from diptych.translation import workflow

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(workflow, "check_edits", interrupted)
    status, output = main(capsys, "add-language", "de", root)
    assert status == 130 and "nothing was changed" in output
    monkeypatch.undo()

    real_commit = journal.commit

    def commit_then_interrupt(*args: object, **kwargs: object) -> list[Path]:
        real_commit(*args, **kwargs)  # type: ignore[arg-type]
        raise KeyboardInterrupt

    monkeypatch.setattr(journal, "commit", commit_then_interrupt)
    monkeypatch.setattr(journal, "completed", [])
    status, output = main(capsys, "add-language", "de", root)
    assert status == 130 and "after the edit was complete" in output, output
