"""Build this repository's publication (the seed edition) into output/.

    python build.py [diptych build options]     e.g. python build.py --lang fr --format html

The same as `diptych build .`; run `make` first to set up the environment.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent

try:
    from diptych.cli import main
except ImportError:
    venv_python = ROOT / ".venv" / "bin" / "python"
    if venv_python.exists() and Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        import os

        os.execv(str(venv_python), [str(venv_python), __file__, *sys.argv[1:]])
    sys.exit("diptych is not installed: run `make` first (it creates .venv and installs diptych there).")

if __name__ == "__main__":
    sys.exit(main(["build", str(ROOT), *sys.argv[1:]]))
