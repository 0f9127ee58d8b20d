"""Template files, read safely, and the mistakes a template author can make, reported as such.

A publication's own templates are trusted like code, but their mistakes are
the author's to fix, not bugs in diptych: a template that divides by zero,
includes itself, or is not UTF-8 fails the build with its file and line
(exit status 1). Templates are read as regular files inside their folder.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path

from .errors import BuildError, printable
from .files import read_bytes

MAX_TEMPLATE_BYTES = 1024 * 1024


class TemplateFiles(jinja2.BaseLoader):
    """Like Jinja's FileSystemLoader (first folder that has the name wins), reading only regular files."""

    def __init__(self, search_path: list[str]) -> None:
        self.search_path = [Path(folder) for folder in search_path]

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        parts = split_template_path(template)  # refuses '..'
        for folder in self.search_path:
            path = folder.joinpath(*parts)
            if not os.path.lexists(path):
                continue
            data = read_bytes(path, MAX_TEMPLATE_BYTES, root=folder, what="template")
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as error:
                line = data[: error.start].count(b"\n") + 1
                raise BuildError(f"{path}:{line}: error: the template is not UTF-8 text; save it as UTF-8") from None
            return text, str(path), _unchanged(path, os.path.getmtime(path))
        raise jinja2.TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        names = set()
        for folder in self.search_path:
            names |= {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
        return sorted(names)


def _unchanged(path: Path, mtime: float) -> Callable[[], bool]:
    return lambda: os.path.exists(path) and os.path.getmtime(path) == mtime


def template_error(error: BaseException, own_templates: Path) -> BuildError | None:
    """The error of a template of the publication's own (in ``own_templates``) as the author's mistake, or
    ``None`` when the failure did not happen in one of them (then it is a bug of ours)."""
    frame = ""
    for filename, lineno in _frames(error):
        if Path(filename).is_relative_to(own_templates):
            frame = f"{filename}:{lineno}"
    if isinstance(error, RecursionError):
        return BuildError(
            f"{frame or own_templates}: error: the templates include or extend one another without end "
            "(a template that includes itself?)"
        )
    if not frame:
        return None
    return BuildError(printable(f"{frame}: error: the template failed: {type(error).__name__}: {error}"))


def _frames(error: BaseException) -> list[tuple[str, int]]:
    frames = []
    traceback = error.__traceback__
    while traceback is not None:
        frames.append((traceback.tb_frame.f_code.co_filename, traceback.tb_lineno))
        traceback = traceback.tb_next
    return frames
