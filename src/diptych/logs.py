"""The warnings of a build, collected in one place.

Library modules log through ``logging.getLogger(__name__)``: INFO for progress,
WARNING for what the user should fix but does not stop the build; errors are
raised, never logged. A build collects every warning (ours and WeasyPrint's) with
:func:`collect_warnings`, for its report and for ``--strict``; a PDF worker process
collects WeasyPrint's and sends them back with each PDF.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

#: the loggers whose warnings a build reports
BUILD_LOGGERS = ("diptych", "weasyprint")


class WarningCollector(logging.Handler):
    """Keeps the messages of every warning logged to the loggers it is added to."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def collect_warnings(names: tuple[str, ...] = BUILD_LOGGERS) -> Iterator[list[str]]:
    """Every warning logged to ``names`` while the block runs."""
    collector = WarningCollector()
    loggers = [logging.getLogger(name) for name in names]
    for each in loggers:
        each.addHandler(collector)
    try:
        yield collector.messages
    finally:
        for each in loggers:
            each.removeHandler(collector)


def keep_weasyprint_warnings() -> list[str]:
    """In a PDF worker process: WeasyPrint's warnings go into the returned list, not to the terminal."""
    collector = WarningCollector()
    weasyprint = logging.getLogger("weasyprint")
    weasyprint.addHandler(collector)
    weasyprint.propagate = False
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return collector.messages
