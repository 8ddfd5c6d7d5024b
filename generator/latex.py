"""LaTeX text → the text it prints, keeping ``$…$`` math as it is (the catalog renders math itself).

For what comes from LaTeX sources: BibTeX entries (``import``) and arXiv abstracts (``add
--from-arxiv``) hold ``R{\\'e}``, ``{\\L}ukasz``, ``256\\%``, ``{\\em word}`` or ``--``, which
papers.yaml writes as ``Ré``, ``Łukasz``, ``256%``, ``word`` and ``–`` (the validator refuses LaTeX
outside math). pylatexenc (which bibtexparser brings) knows LaTeX's accents, symbols and text
commands far better than a table of ours would.
"""

from __future__ import annotations

import re

from pylatexenc.latex2text import LatexNodes2Text  # type: ignore[import-untyped]

_LATEX = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=False)
_MATH = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$", re.DOTALL)


def to_text(text: str) -> str:
    """LaTeX → one line of text; ``$…$`` math kept, a dollar sign written ``\\$`` as papers.yaml has it."""
    if "\\" not in text and "{" not in text and "~" not in text and "--" not in text:
        return " ".join(text.split())
    out = []
    position = 0
    for math in _MATH.finditer(text):  # `\$` stays for pylatexenc, which prints it as a dollar sign
        out.append(_plain(text[position : math.start()]))
        out.append(math.group())
        position = math.end()
    out.append(_plain(text[position:]))
    return " ".join("".join(out).split())


def _plain(latex: str) -> str:
    """LaTeX without math → text, with a dollar sign escaped as papers.yaml writes it."""
    if not latex:
        return ""
    return str(_LATEX.latex_to_text(latex)).replace("\u00a0", " ").replace("$", "\\$")
