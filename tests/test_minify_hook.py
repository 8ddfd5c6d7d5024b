"""The optional MkDocs hook that strips Material's indentation changes nothing a reader sees."""

from __future__ import annotations

from generator.minify_hook import strip_indentation


def test_indentation_goes_but_pre_and_script_stay() -> None:
    html = "<div>\n    <p>a\n      b</p>\n\n\n  <pre><code>x\n    y</code></pre>\n  <script>\n  var a = 1;\n</script>\n</div>"
    assert strip_indentation(html) == "<div>\n<p>a\nb</p>\n<pre><code>x\n    y</code></pre>\n<script>\n  var a = 1;\n</script>\n</div>"


def test_entities_stay_escaped() -> None:
    html = "<title>A &lt;/title&gt;&lt;script&gt;</title>\n   <p title='&quot;'>&lt;b&gt;</p>"
    assert strip_indentation(html) == "<title>A &lt;/title&gt;&lt;script&gt;</title>\n<p title='&quot;'>&lt;b&gt;</p>"
