"""The writing system of a language, and how long a text runs in it.

Length ratios between a source and its translation depend on the scripts:
Chinese says in one character what French says in four or five. The
densities below are medians measured on the seed (French, and its English
and Azerbaijani) and on full Chinese and Arabic translations of it
(tests/data/qa-samples), counting characters other than spaces, over units
of at least 40 characters:

    fr → en       45 units   0.79–1.03, median 0.90
    fr → az       12 units   0.68–1.02, median 0.90
    fr → zh-Hans  45 units   0.18–0.39, median 0.22
    fr → ar       45 units   0.55–0.93, median 0.66

A pair of scripts expects the ratio of their densities; a translation is
suspicious outside 1/2.2 to 2.2 times that (for Latin to Latin: 45 %–220 %).
"""

from __future__ import annotations

import functools

from babel.core import get_global

#: characters per character of Latin text (see above); scripts not measured count as Latin,
#: except Traditional Chinese, taken to run like Simplified (not measured)
DENSITY = {"Latn": 1.0, "Hans": 0.22 / 0.90, "Hant": 0.22 / 0.90, "Arab": 0.66 / 0.90}
SPREAD = 2.2


@functools.cache
def script_of(code: str) -> str | None:
    """The script of a language code: written in it (zh-Hans), or the likeliest for it (ar → Arab)."""
    parts = code.replace("_", "-").split("-")
    explicit = next((p for p in parts[1:] if len(p) == 4), None)
    if explicit:
        return explicit.title()
    likely = get_global("likely_subtags")
    full = likely.get("_".join(parts)) or likely.get(parts[0])
    return next((p for p in str(full).split("_")[1:] if len(p) == 4), None) if full else None


def expected_ratio(source_script: str, target_script: str) -> tuple[float, float]:
    """The range of length(translation) / length(source) that is not suspicious between two scripts."""
    ratio = DENSITY.get(target_script, 1.0) / DENSITY.get(source_script, 1.0)
    return ratio / SPREAD, ratio * SPREAD
