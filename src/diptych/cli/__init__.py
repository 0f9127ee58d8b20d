"""The ``diptych`` command: each command parses its options and calls one library function.

Exit status: 0 success, 1 a problem in the publication or the build, 2 wrong usage, 70 a bug in diptych,
130 interrupted. The library never prints: it logs (INFO for progress, WARNING for what the user should
fix) and raises :class:`~diptych.errors.DiptychError`; this package decides what reaches the terminal:
:mod:`.base` holds what every command shares, and the commands are grouped by who uses them
(:mod:`.edition`, :mod:`.translating`, :mod:`.texts`).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from ..errors import control_character, printable
from . import edition, texts, translating  # noqa: F401  (each module adds its commands to the group)
from .base import cli

__all__ = ["cli", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line (``diptych``, ``python -m diptych``, ``build.py``) and return its exit status."""
    arguments = list(argv) if argv is not None else sys.argv[1:]
    for argument in arguments:  # the control-character policy of texts holds for arguments (--title, --id …)
        control = control_character(argument)
        if control:
            click.echo(printable(f"error: the argument {argument!r} contains the control character {control[1]}"), err=True)
            return 2
    try:
        status = cli.main(args=arguments, prog_name="diptych", standalone_mode=False)
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.Abort:
        click.echo("interrupted.", err=True)
        return 130
    return status if isinstance(status, int) else 0
