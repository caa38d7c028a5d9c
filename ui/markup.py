"""User text (office, business, site and category names) inside what the app draws as markup.

Markdown reads an HTML block only up to its first blank line: a name holding line breaks
(所\\n\\n**突破** ![p](http://…)) would end the block and have the rest read as Markdown — bold,
formulas, icons, an image fetched by every viewer's browser. `escape` makes a text one line of
plain characters: HTML's special characters as entities, every line break a space.

Plotly draws a subset of HTML in its labels (<b>, <a href>, <br>): `chart_text` writes a label's
angle brackets as entities, which Plotly shows as the characters themselves.
"""

from __future__ import annotations

import html
import re

import pandas as pd

BREAKS = re.compile(r"[\r\n\v\f\x85\u2028\u2029]+")


def escape(value: object, quote: bool = True) -> str:
    return html.escape(BREAKS.sub(" ", str(value)), quote=quote)


def chart_text(values: pd.Series) -> pd.Series:
    """Labels for a Plotly axis, legend or hover: shown as typed, never as markup."""
    return values.astype(str).map(
        lambda v: BREAKS.sub(" ", v).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    )
