"""How `diptych status` shows the translation status: a table for people, JSON for scripts."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from ..errors import Location
from ..model import Publication
from .status import DocumentStatus, excerpt_diff

if TYPE_CHECKING:
    from pathlib import Path

    from .exchange import Conflict
    from .workflow import ImportReport, Suggested


def format_text(publication: Publication, report: list[DocumentStatus]) -> str:
    lines: list[str] = []
    header = (
        f"  {'language':<10}{'total':>7}{'translated':>12}{'stale':>7}{'draft':>7}{'missing':>9}{'words to do':>13}{'done':>7}"
    )
    current = None
    for status in report:
        if status.document is not current:
            current = status.document
            path = _relative(publication, status.document.path)
            lines += ["", f"{path}  ({status.document.slug})", header]
        lines.append(
            f"  {status.language:<10}{status.total:>7}{status.translated:>12}{status.count('stale'):>7}"
            f"{status.count('draft', 'review'):>7}{status.count('missing'):>9}{status.words_to_translate:>13}"
            f"{status.percent:>6.0f}%"
        )
    stale = [(s, u) for s in report for u in s.units if u.state == "stale"]
    if stale:
        lines += ["", "Stale translations (the source changed since they were made):"]
        for status, unit in stale:
            where = f"{_relative(publication, unit.unit.location.path)}:{unit.unit.location.line}"
            lines.append(f"  {where}  {unit.unit.id} [{status.language}]")
            diff = unit.diff()
            lines.append(f"    {excerpt_diff(diff)}" if diff else "    (the earlier source text is not recorded)")
    from .catalogs import catalog_status

    catalogs = [catalog_status(publication.root, target) for target in publication.targets]
    if catalogs:
        lines += ["", "Interface strings (contents, page numbers, labels):"]
        for catalog in catalogs:
            where = f"  ({_relative(publication, catalog.path)})" if catalog.path else ("" if catalog.translated else "  (none)")
            lines.append(f"  {catalog.language:<10}{catalog.translated:>4} of {catalog.total} translated{where}")
    suggested = sum(s.suggested for s in report)
    if suggested:
        lines += [
            "",
            f"{suggested} text(s) have suggestions from the translation memory (similar texts already translated): "
            "see diptych suggest --lang LANG; exports carry them",
        ]
    untracked = sum(s.untracked for s in report)
    if untracked:
        lines += [
            "",
            f"{untracked} translation(s) record no source fingerprint, so a change of the source cannot be detected: "
            "run `diptych mark-current LANG` after review to start tracking them.",
        ]
    return "\n".join(lines).lstrip("\n")


def format_json(publication: Publication, report: list[DocumentStatus]) -> str:
    data = []
    for status in report:
        data.append(
            {
                "document": status.document.slug,
                "path": _relative(publication, status.document.path),
                "language": status.language,
                "total": status.total,
                "translated": status.translated,
                "stale": status.count("stale"),
                "draft": status.count("draft", "review"),
                "missing": status.count("missing"),
                "untracked": status.untracked,
                "suggested": status.suggested,
                "words_to_translate": status.words_to_translate,
                "percent": round(status.percent, 1),
                "units": [
                    {"id": u.unit.id, "line": u.unit.location.line, "state": u.state}
                    | ({"source_diff": u.diff()} if u.state == "stale" and u.diff() else {})
                    for u in status.units
                ],
            }
        )
    return json.dumps(data, ensure_ascii=False, indent=2)


def verdict(report: list[DocumentStatus], fail_under: float | None, fail_on_stale: bool) -> list[str]:
    """Why a CI run should fail, if it should."""
    failures = []
    for status in report:
        if fail_under is not None and status.percent < fail_under:
            failures.append(
                f"{status.document.slug} [{status.language}] is {status.percent:.0f}% translated, under {fail_under:g}%"
            )
        if fail_on_stale and status.count("stale"):
            failures.append(f"{status.document.slug} [{status.language}] has {status.count('stale')} stale translation(s)")
    return failures


def import_messages(report: ImportReport) -> tuple[list[str], str]:
    """(warnings, summary) of an import, for the terminal."""
    warnings: list[str] = []
    for plan in report.plans:
        for unit in plan.source_changed:
            warnings.append(
                f"{plan.path}: {unit.id!r} was translated from an earlier source text; "
                "kept as a draft — review it, then run diptych mark-current"
            )
        for unit in plan.kept:
            warnings.append(
                f"{plan.path}: {unit.id!r} was changed in the YAML since this file was exported, and not in the file; "
                "the YAML's text is kept"
            )
        for conflict in plan.overridden:
            warnings.append(
                f"{_where(conflict)}: {conflict.unit.id!r} [{conflict.language}] had changed in the YAML since the export; "
                f"replaced by the file's text (--theirs). It was: {conflict.ours}"
            )
        for conflict in plan.conflicts:
            warnings.append(
                f"{_where(conflict)}: conflict on {conflict.unit.id!r} [{conflict.language}]: the translation changed in "
                "the YAML since this file was exported, and the file changes it too; nothing was written for it.\n"
                f"    in the YAML: {conflict.ours}\n    in the file: {conflict.theirs}\n"
                "  hint: keep the YAML's text (do nothing), edit the YAML by hand, or import again with --theirs "
                "to take the file's text"
            )
    suggestions = sum(p.untouched_suggestions for p in report.plans)
    summary = (
        f"imported {report.changed} translation(s), {report.unchanged} unchanged"
        + (f", {len(report.conflicts)} conflict(s) left as they are" if report.conflicts else "")
        + (f", {suggestions} untouched suggestion(s) skipped" if suggestions else "")
        + f"; {len(report.written)} file(s) written"
    )
    return warnings, summary


def format_suggestions(found: list[Suggested], applied: bool, written: list[Path]) -> str:
    lines = []
    for each in found:
        where = f"{each.unit.location.path.name}:{each.unit.location.line}"
        lines.append(f"{where}  {each.unit.id}: {each.unit.source}")
        for match in each.matches:
            lines.append(f"    {match.score:3.0f}%  {match.origin}: {match.source}")
            lines.append(f"          → {match.target}")
    exact = sum(1 for each in found if any(m.exact for m in each.matches))
    lines.append(
        f"{len(found)} text(s) have suggestions, {exact} of them exact"
        + (f"; exact matches written as drafts into {len(written)} file(s)" if applied else "")
    )
    return "\n".join(lines)


def _where(conflict: Conflict) -> str:
    return f"{conflict.path}:{conflict.line}" if conflict.line else str(conflict.path)


def _relative(publication: Publication, path: object) -> str:
    from pathlib import Path

    assert isinstance(path, Path)
    return str(Location(path).relative_to(publication.root))


def render_dashboard(publication: Publication, report: list[DocumentStatus]) -> str:
    """output/status/index.html: a bar per document and language, and every text with its state."""
    from .. import output
    from ..model import Document, Unit
    from ..render import Page, RenderContext, render_template
    from ..urls import Urls

    page = Page(RenderContext(publication, (publication.source,)), Urls.at(output.STATUS))
    _ = page.gettext.gettext
    groups: list[tuple[Document, list[DocumentStatus]]] = []
    for status in report:
        if not groups or groups[-1][0] is not status.document:
            groups.append((status.document, []))
        groups[-1][1].append(status)
    anchored = {"headline"}
    for document in publication.documents:
        html_ids = {u.id for u in document.units()}
        anchored |= html_ids - {document.short_title.id if document.short_title else ""}

    def unit_link(document: Document, code: str, unit: Unit) -> str:
        fragment = f"#{unit.id}" if unit.id in anchored and not unit.id.endswith("-place") else ""
        return page.urls.document(document, code) + fragment

    from .catalogs import catalog_status

    context = {
        "page": page,
        "publication": publication,
        "document": None,
        "groups": groups,
        "catalogs": [catalog_status(publication.root, target) for target in publication.targets],
        "unit_link": unit_link,
        "diff_html": diff_html,
        "state_names": {
            "current": _("translated"),
            "draft": _("draft"),
            "review": _("draft"),
            "stale": _("source changed"),
            "missing": _("missing"),
        },
    }
    return render_template(page.context, "status.html", context)


def diff_html(diff: str) -> Markup:
    """A word diff (``[-removed-]{+added+}``) as HTML: <del> and <ins>."""
    parts = re.split(r"(\[-.*?-\]|\{\+.*?\+\})", diff)
    out = []
    for part in parts:
        if part.startswith("[-") and part.endswith("-]"):
            out.append(Markup("<del>{}</del>").format(part[2:-2]))
        elif part.startswith("{+") and part.endswith("+}"):
            out.append(Markup("<ins>{}</ins>").format(part[2:-2]))
        else:
            out.append(escape(part))
    return Markup("").join(out)
