"""diptych ingest --update: a revised source matched to the document, ids and translations kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from diptych.ingest.update import update
from diptych.read import read_publication
from diptych.translation.status import translation_status

from .conftest import ROOT, SEED_SLUG, invoke, snapshot

SEED_TEXT = ROOT / "tests" / "data" / "la-gazette-2025-04-23.fr.txt"
DOCUMENT = f"content/{SEED_SLUG}.yaml"


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    root = tmp_path / "seed"
    (root / "content").mkdir(parents=True)
    shutil.copy(ROOT / "publication.yaml", root / "publication.yaml")
    shutil.copy(ROOT / DOCUMENT, root / DOCUMENT)
    return root


def revised(tmp_path: Path) -> Path:
    """Version 2 of the French text: one paragraph edited, one added, one removed."""
    text = SEED_TEXT.read_text(encoding="utf-8")
    text = text.replace("La Chine soutient fermement l'agenda de paix", "La Chine soutient résolument l'agenda de paix")
    text = text.replace(
        "Les Parties soulignent que le Forum mondial",
        "Les Parties développeront la coopération portuaire sur la mer Caspienne.\nLes Parties soulignent que le Forum mondial",
    )
    lines = [line for line in text.split("\n") if not line.startswith("Les Parties élargiront la coopération")]
    path = tmp_path / "v2.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_the_same_text_again_changes_nothing(seed_copy: Path) -> None:
    before = snapshot(seed_copy)
    plan = update(seed_copy, SEED_TEXT, SEED_SLUG)
    outcomes = {entry.unit.id: entry.outcome for entry in plan.matches if entry.unit}
    assert outcomes.pop("short-title") == "kept: not part of the text"
    # the signatories were typed on one line in the text file and split again: still the same units
    assert set(outcomes.values()) == {"unchanged"}, {k: v for k, v in outcomes.items() if v != "unchanged"}
    assert snapshot(seed_copy) == before


def test_edited_new_and_removed_paragraphs(seed_copy: Path, tmp_path: Path) -> None:
    source = revised(tmp_path)
    before = snapshot(seed_copy)
    result = invoke("ingest", source, seed_copy, "--update", SEED_SLUG, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert snapshot(seed_copy) == before
    assert "a9-4" in result.stdout and "no longer in the source: kept (run with --prune to remove it)" in result.stdout

    result = invoke("ingest", source, seed_copy, "--update", SEED_SLUG)
    assert result.returncode == 0, result.stderr
    units = {u.id: u for u in read_publication(seed_copy).document(SEED_SLUG).units()}
    assert "a9-4" in units  # kept without --prune
    assert units["a1-2"].source.startswith("La Chine soutient résolument")
    assert units["a1-2"].is_stale("en") and units["a1-2"].translations["en"].text.startswith("China firmly supports")
    new = units["a7-4"]
    assert new.source == "Les Parties développeront la coopération portuaire sur la mer Caspienne."
    ids = [u.id for u in units.values()]
    assert ids.index("a7-4") == ids.index("a7-2") + 1  # placed where it is in the text
    assert not units["a7-1"].is_stale("en")

    (status,) = translation_status(read_publication(seed_copy), ("en",))
    (stale,) = [u for u in status.units if u.state == "stale"]
    assert stale.unit.id == "a1-2" and "[-fermement-] {+résolument+}" in (stale.diff() or "")

    result = invoke("ingest", source, seed_copy, "--update", SEED_SLUG, "--prune")
    assert result.returncode == 0, result.stderr
    assert "a9-4" in result.stdout and "removed (--prune)" in result.stdout
    units = {u.id: u for u in read_publication(seed_copy).document(SEED_SLUG).units()}
    assert "a9-4" not in units and "a9-5" in units
    text = (seed_copy / DOCUMENT).read_text(encoding="utf-8")
    assert text.startswith("# La Gazette — the joint declaration")  # comments and order kept


def test_update_of_an_unknown_document_changes_nothing(seed_copy: Path) -> None:
    before = snapshot(seed_copy)
    result = invoke("ingest", SEED_TEXT, seed_copy, "--update", "nope")
    assert result.returncode == 1 and "no document 'nope' to update" in result.stderr and str(SEED_TEXT) in result.stderr
    assert snapshot(seed_copy) == before


def test_a_new_article_is_made_in_its_place_and_the_next_ones_renumbered(seed_copy: Path, tmp_path: Path) -> None:
    """Version 2 inserts an article 6 (old 6–18 become 7–19) and adds an article 20 at the end."""
    import re

    inserted = "Les Parties renforceront la coopération touristique et faciliteront les voyages entre les deux pays."
    added = "Les Parties publieront la présente déclaration dans leurs langues officielles."
    lines = []
    for line in SEED_TEXT.read_text(encoding="utf-8").split("\n"):
        label = re.match(r"(\d+)\. ", line)
        if label and int(label[1]) >= 6:
            if int(label[1]) == 6:
                lines.append(f"6. {inserted}")
            line = f"{int(label[1]) + 1}. {line[label.end() :]}"
        if line.startswith("Le Président de la République d’Azerbaïdjan Le Président"):
            lines.append(f"20. {added}")
        lines.append(line)
    source = tmp_path / "v2.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    before = read_publication(seed_copy).document(SEED_SLUG)
    old_sixth = [u.id for u in next(a for a in before.articles() if a.number == 6).units()]

    result = invoke("ingest", source, seed_copy, "--update", SEED_SLUG)
    assert result.returncode == 0, result.stderr
    assert "in the new article 6" in result.stdout and "in the new article 20" in result.stdout
    document = read_publication(seed_copy).document(SEED_SLUG)
    articles = {a.number: a for a in document.articles()}
    assert sorted(articles) == list(range(1, 21))
    assert [u.source for u in articles[6].units()] == [inserted]
    assert [u.source for u in articles[20].units()] == [added]
    assert [u.id for u in articles[7].units()] == old_sixth  # the old article 6, ids and translations kept
    assert all(not u.is_stale("en") and u.translations["en"].text for u in articles[7].units())
    assert invoke("check", seed_copy).returncode == 0

    again = update(seed_copy, source, SEED_SLUG)  # the same version again: nothing to do
    assert {e.outcome for e in again.matches if e.unit} == {"unchanged", "kept: not part of the text"}


def test_pruning_every_paragraph_of_an_article_removes_the_article(seed_copy: Path, tmp_path: Path) -> None:
    import re

    lines = []
    for line in SEED_TEXT.read_text(encoding="utf-8").split("\n"):
        label = re.match(r"(\d+)\. ", line)
        if label and int(label[1]) == 17:
            continue
        if label and int(label[1]) == 18:
            line = f"17. {line[label.end() :]}"
        lines.append(line)
    source = tmp_path / "v2.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    result = invoke("ingest", source, seed_copy, "--update", SEED_SLUG, "--prune")
    assert result.returncode == 0, result.stderr
    articles = {a.number: a for a in read_publication(seed_copy).document(SEED_SLUG).articles()}
    assert sorted(articles) == list(range(1, 18))
    assert next(articles[17].units()).source.startswith("Le Président de la République d'Azerbaïdjan a remercié")


def test_a_new_titled_article_gets_its_title(tmp_path: Path) -> None:
    from diptych.ingest import ingest

    root = tmp_path / "pub"
    (root / "content").mkdir(parents=True)
    (root / "publication.yaml").write_text(
        "title: {fr: Accord, en: Agreement}\npublisher: P\nsource_language: fr\nlanguages: [en]\n", encoding="utf-8"
    )
    head = "Un accord signé\n\nACCORD ENTRE LES PARTIES\n\nArticle premier — Objet\n\nLe présent accord fixe les règles.\n\n"
    closing = "Fait à Paris, le 2 mai 2025.\n"
    first = head + "Article 2 — Champ\n\nIl s'applique aux deux Parties.\n\n" + closing
    version1 = tmp_path / "accord.fr.txt"
    version1.write_text(first, encoding="utf-8")
    ingest(root, version1)
    (slug,) = [d.slug for d in read_publication(root).documents]
    version2 = tmp_path / "v2.txt"
    version2.write_text(  # a new article 2 before the old one, which becomes 3
        head + "Article 2 — Durée\n\nIl entre en vigueur à sa signature.\n\n"
        "Article 3 — Champ\n\nIl s'applique aux deux Parties.\n\n" + closing,
        encoding="utf-8",
    )
    plan = update(root, version2, slug)
    outcomes = {entry.new_id: entry.outcome for entry in plan.matches if entry.new_id}
    assert outcomes["article-2-title"] == "new: article-2-title, the title, in the new article 2", outcomes
    articles = {a.number: a for a in read_publication(root).document(slug).articles()}
    assert [u.source for u in articles[2].units()] == ["Durée", "Il entre en vigueur à sa signature."]
    assert [u.source for u in articles[3].units()] == ["Champ", "Il s'applique aux deux Parties."]
