"""WeasyPrint alone: render every HTML file of a folder to PDF in one process, as diptych's workers do
(one font configuration, the theme's stylesheets parsed once, one cache, tagged PDF/UA)."""

import sys
from pathlib import Path

import weasyprint
from weasyprint.text.fonts import FontConfiguration

ROOT = Path(__file__).resolve().parent.parent
pages, out = Path(sys.argv[1]), Path(sys.argv[2])
fonts = FontConfiguration()
styles = [weasyprint.CSS(filename=str(ROOT / "styles" / name), font_config=fonts) for name in ("edition.css", "print.css")]
cache: dict = {}
base = out / "fr" / "index.html"
for path in sorted(pages.glob("*.html")):
    document = weasyprint.HTML(string=path.read_text(encoding="utf-8"), base_url=str(base)).render(
        stylesheets=styles, font_config=fonts, cache=cache
    )
    document.write_pdf(pdf_tags=True, pdf_variant="pdf/ua-1")
