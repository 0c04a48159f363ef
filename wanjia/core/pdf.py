"""The one way Wanjia puts text into a reportlab PDF. `Paragraph` parses its text as markup (`<img src>` reads a
server file or fetches a URL, a stray `<` fails the whole report), so every paragraph is built here from plain
text, escaped. STSong-Light is one of the CID fonts every PDF reader ships with, so Chinese prints without
embedding a font file."""
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph

FONT = "STSong-Light"


def font() -> str:
    """The registered Chinese font's name."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def paragraph(text, style) -> Paragraph:
    """A paragraph showing `text` literally (line breaks kept); None prints as nothing."""
    body = escape("" if text is None else str(text)).replace("\r\n", "\n").replace("\n", "<br/>")
    return Paragraph(body, style)
