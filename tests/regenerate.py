"""Regenerate tests/expected/ from the seed edition: `make expected` (then review the diff)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from diptych.build import BuildOptions, build

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = Path(__file__).resolve().parent / "expected"


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        report = build(ROOT, BuildOptions(output=Path(scratch), formats=("html",)))
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for relative in report.files:
            if relative.suffix == ".html":
                target = EXPECTED / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(Path(scratch) / relative, target)
                print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
