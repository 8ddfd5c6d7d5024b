"""Inline math becomes MathML; everything else stays text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.mathtext import MathError, check, spans, to_html, to_mathml, to_plain


def test_math_spans_and_escaped_dollars() -> None:
    assert spans(r"cost \$5, rate $O(n)$.") == ((False, "cost $5, rate "), (True, "O(n)"), (False, "."))
    assert to_plain(r"a $x^2$ b \$") == "a x^2 b $"


def test_math_renders_as_mathml_and_text_is_escaped() -> None:
    out = to_html(r"<b>bold</b> & $64{\times}64$")
    assert out.startswith("&lt;b&gt;bold&lt;/b&gt; &amp; <math ")
    root = ET.fromstring(out[out.index("<math") :])
    assert root.tag.endswith("math")
    assert "×" in "".join(root.itertext())


@pytest.mark.parametrize(
    "latex",
    [r"\text{<script>alert(1)</script>}", r"\text{<img src=x onerror=alert(1)>}", r"\text{a & b}", r"\href{javascript:alert(1)}{x}"],
)
def test_math_cannot_carry_markup(latex: str) -> None:
    with pytest.raises(MathError):
        to_mathml(latex)


def test_errors_are_reported_not_raised_by_check() -> None:
    assert check("fine $x$") == []
    assert len(check(r"$\frac{$ and $\text{<b>}$")) == 2
    assert check("one $ dollar") == ["a '$' opens math that is never closed; write \\$ for a dollar sign"]


@given(st.text(alphabet=st.characters(blacklist_characters="$\\"), max_size=200))
def test_text_without_math_is_shown_verbatim(text: str) -> None:
    html = to_html(text)
    assert "<" not in html.replace("&lt;", "")
    assert html.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == text
