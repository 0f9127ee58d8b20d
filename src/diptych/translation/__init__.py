"""The translation workflow: status, stale detection, YAML edits, PO/XLIFF exchange, QA.

Everything here is a plain function over the model (:mod:`diptych.model`);
the only files it writes are the user's YAML (through :mod:`.edit`, which
changes nothing but translation fields) and the exchange files.
"""
