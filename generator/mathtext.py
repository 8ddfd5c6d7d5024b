"""Text with inline ``$…$`` LaTeX math → safe HTML, with the math as MathML.

Math is converted at build time (latex2mathml), so pages need no script and no third-party host to
show it, and the output is checked against a list of MathML elements so that ``\\text{<b>}`` and
friends cannot smuggle markup into a page.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from functools import lru_cache

from latex2mathml.converter import convert

_MATHML = "http://www.w3.org/1998/Math/MathML"
_ELEMENTS = frozenset(
    "math mrow mi mn mo ms mtext mspace msub msup msubsup munder mover munderover mfrac msqrt mroot "
    "mstyle merror mpadded mphantom mfenced menclose mtable mtr mtd mlabeledtr semantics annotation "
    "mmultiscripts mprescripts none".split()
)
_ATTRIBUTES = frozenset(
    "display mathvariant stretchy fence separator lspace rspace minsize maxsize largeop movablelimits "
    "accent accentunder linethickness columnalign rowalign columnspacing rowspacing columnlines rowlines "
    "frame framespacing equalrows equalcolumns displaystyle scriptlevel width height depth open close "
    "separators notation form symmetric align mathsize mathcolor encoding".split()
)
_MATH_SPAN = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$", re.DOTALL)
_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")
# Texts up to this long (titles, names, teasers: shown on many pages) are converted once and
# remembered; longer ones (abstracts: shown on a few) are converted each time, which is cheap
# (formulas are remembered by ``to_mathml``) and keeps 10,000 abstracts' copies out of memory.
CACHED_LENGTH = 400


class MathError(ValueError):
    """A ``$…$`` span that is not valid, safe LaTeX math."""


def spans(text: str) -> tuple[tuple[bool, str], ...]:
    """Split text into (is_math, part) pieces; ``\\$`` is a literal dollar sign."""
    return _spans_cached(text) if len(text) <= CACHED_LENGTH else _spans(text)


def _spans(text: str) -> tuple[tuple[bool, str], ...]:
    if "$" not in text:
        return ((False, text),) if text else ()  # most text has no math and no dollar sign
    out: list[tuple[bool, str]] = []
    position = 0
    for match in _MATH_SPAN.finditer(text):
        out.append((False, text[position : match.start()]))
        out.append((True, match.group(1)))
        position = match.end()
    rest = text[position:]
    if _UNESCAPED_DOLLAR.search(rest):
        raise MathError("a '$' opens math that is never closed; write \\$ for a dollar sign")
    out.append((False, rest))
    return tuple((is_math, part.replace("\\$", "$") if not is_math else part) for is_math, part in out if part)


_spans_cached = lru_cache(maxsize=65536)(_spans)


@lru_cache(maxsize=4096)
def to_mathml(latex: str) -> str:
    """One LaTeX formula → an inline ``<math>`` element, or :class:`MathError`."""
    if len(latex) > 2000:
        raise MathError("a formula longer than 2,000 characters")
    try:
        raw = convert(latex)
    except Exception as exc:  # latex2mathml raises many kinds of errors for bad input
        raise MathError(f"cannot read the LaTeX in ${latex}$ ({type(exc).__name__})") from None
    try:
        root = ET.fromstring(raw)  # noqa: S314 - latex2mathml's output, parsed to be checked; expat expands no external entities
    except ET.ParseError:
        raise MathError(f"the formula ${latex}$ contains markup; math may hold LaTeX only") from None
    for element in root.iter():
        name = element.tag.removeprefix("{" + _MATHML + "}")
        if name not in _ELEMENTS or (element.tag == name and name != "math"):
            raise MathError(f"the formula ${latex}$ contains markup ({name}); math may hold LaTeX only")
        for attribute in element.attrib:
            if attribute not in _ATTRIBUTES:
                raise MathError(f"the formula ${latex}$ produced an unexpected attribute '{attribute}'")
    return _serialize(root)


def _serialize(element: ET.Element) -> str:
    name = element.tag.removeprefix("{" + _MATHML + "}")
    attributes = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in sorted(element.attrib.items()))
    if name == "math":
        attributes = f' xmlns="{_MATHML}"' + attributes
    inner = html.escape(element.text or "", quote=False)
    for child in element:
        inner += _serialize(child) + html.escape(child.tail or "", quote=False)
    return f"<{name}{attributes}>{inner}</{name}>"


def check(text: str) -> list[str]:
    """Every problem with the math in ``text`` (empty when all is well)."""
    try:
        parts = spans(text)
    except MathError as exc:
        return [str(exc)]
    problems = []
    for is_math, part in parts:
        if is_math:
            try:
                to_mathml(part)
            except MathError as exc:
                problems.append(str(exc))
    return problems


def to_html(text: str) -> str:
    """Plain text with ``$…$`` math → HTML: the text escaped, the math as MathML."""
    return _to_html_cached(text) if len(text) <= CACHED_LENGTH else _to_html(text)


def _to_html(text: str) -> str:
    return "".join(to_mathml(part) if is_math else html.escape(part, quote=False) for is_math, part in _spans(text))


_to_html_cached = lru_cache(maxsize=65536)(_to_html)


def to_plain(text: str) -> str:
    """Text with its math as the LaTeX source, for search, feeds and meta descriptions."""
    return _to_plain_cached(text) if len(text) <= CACHED_LENGTH else _to_plain(text)


def _to_plain(text: str) -> str:
    return "".join(part for _, part in _spans(text))


_to_plain_cached = lru_cache(maxsize=65536)(_to_plain)
