"""The web edition's extras: paragraph citations, light web fonts, metadata for search
engines and feeds, and the search index. Each module is called from the build or the
templates through one small hook."""
