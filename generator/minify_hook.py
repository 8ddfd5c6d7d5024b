"""Optional, for MkDocs builds: strip the indentation of Material's templates from every page.

A fifth of Material's HTML is the indentation of its templates. Dropping the spaces that follow a
line break changes nothing a browser shows (a line break is white space too), except inside
<pre>, <textarea> and <script>, which are left alone. Entities are never decoded, so escaped text
stays escaped. The site is the same without this hook, only larger: MkDocs' successors, which
run no hooks, do their own minifying.
"""

from __future__ import annotations

import re
from typing import Any

_VERBATIM = re.compile(r"(<(pre|textarea|script)\b.*?</\2\s*>)", re.DOTALL | re.IGNORECASE)
_INDENT = re.compile(r"\n[ \t]+")
_BLANK_LINES = re.compile(r"\n{2,}")


def strip_indentation(html: str) -> str:
    parts = _VERBATIM.split(html)
    out = []
    # re.split with two groups yields: text, verbatim block, tag name, text, ...
    for i in range(0, len(parts), 3):
        out.append(_BLANK_LINES.sub("\n", _INDENT.sub("\n", parts[i])))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)


def on_post_page(output: str, page: Any, config: Any) -> str:
    return strip_indentation(output)
