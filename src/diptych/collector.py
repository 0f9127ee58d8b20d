"""Python's cyclic garbage collector, paused while a publication is read, exported or imported.

Reading builds hundreds of thousands of small objects that all stay alive (a document read from the
cache of parsed documents is unpickled whole); every collection meanwhile walks all of them, so it
cost more the larger the publication: 20,000 texts read from the cache took 0.5 s of collections for
0.2 s of reading, and an import of 4,000 texts cost 8 times one of 1,000. Nothing read makes reference
cycles worth collecting early. Rendering is not paused: it is not ours to say what it keeps.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The collector off for the block, unless it was off already (a pause inside a pause changes nothing)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        # what was made meanwhile joins the oldest generation: re-enabled as they are, the collector's
        # first pass would walk every one of them as young objects (0.15 s for an import of 20,000 texts)
        gc.freeze()
        gc.enable()
        gc.unfreeze()
