"""diptych: bilingual publications from YAML to HTML and PDF."""

__version__ = "0.1.0"
