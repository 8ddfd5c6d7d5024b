"""The table of paper fields (generator/fields.py) is where the validator, `add`, both JSON Schemas, papers.json and the docs get them."""

from __future__ import annotations

import dataclasses
import json
import re

from click.testing import CliRunner

from generator import config, exports, fields, schema, site, urls, validate
from generator.cli import cli
from generator.model import Paper
from tests.downloads import gunzip
from tests.sitebuild import ROOT

DOCS = ROOT / "docs"


def test_committed_schemas_are_what_the_table_makes() -> None:
    """Run `make schema` (python -m generator schema [--export]) after changing generator/fields.py."""
    assert (DOCS / "papers.schema.json").read_text(encoding="utf-8") == schema.dumps(schema.papers_schema())
    assert (DOCS / "papers.export.schema.json").read_text(encoding="utf-8") == schema.dumps(schema.export_schema(exports.VERSION))


def test_schema_command_prints_them() -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["schema"]).output == (DOCS / "papers.schema.json").read_text(encoding="utf-8")
    assert runner.invoke(cli, ["schema", "--export"]).output == (DOCS / "papers.export.schema.json").read_text(encoding="utf-8")


def test_every_field_is_a_field_of_the_model_and_has_a_check() -> None:
    model = [f.name for f in dataclasses.fields(Paper) if f.name != "index"]
    assert sorted(model) == sorted(fields.BY_NAME)
    assert {f.kind for f in fields.PAPER_FIELDS} <= set(validate.CHECKS) <= set(fields.KINDS)
    assert {f.name: f.required for f in fields.PAPER_FIELDS} == validate.PAPER_KEYS


def test_add_has_an_option_for_every_field_that_asks_for_one() -> None:
    text = CliRunner().invoke(cli, ["add", "--help"], terminal_width=200).output
    for f in fields.PAPER_FIELDS:
        assert re.search(rf"^\s+{re.escape(f.flag)}\b", text, re.MULTILINE), f.flag
        if f.help:
            assert f.help in text


def test_papers_json_has_exactly_the_keys_its_schema_requires() -> None:
    catalog = site.load_catalog(ROOT / "tests" / "fixtures" / "valid" / "small.yaml", "small.yaml")
    data = json.loads(gunzip(exports.exports(catalog, config.SiteConfig())[urls.JSON_ALL]))
    required = json.loads((DOCS / "papers.export.schema.json").read_text(encoding="utf-8"))["$defs"]["paper"]["required"]
    assert [list(paper) for paper in data["papers"]] == [list(fields.EXPORT_KEYS)] * len(catalog.papers)
    assert required == list(fields.EXPORT_KEYS)


def test_the_format_page_lists_every_field_and_whether_it_is_required() -> None:
    text = (DOCS / "format.md").read_text(encoding="utf-8")
    section = text.split("## `papers`", 1)[1].split("\n#", 1)[0]
    rows = dict(re.findall(r"^\| `([a-z_]+)` \| (yes|no) \|", section, re.MULTILINE))
    assert rows == {f.name: "yes" if f.required else "no" for f in fields.PAPER_FIELDS}


def test_the_data_page_describes_every_key_of_a_paper_in_papers_json() -> None:
    template = (ROOT / "generator" / "templates" / "data.md.j2").read_text(encoding="utf-8")
    table = template.split("<p>Each paper has every one of these fields", 1)[1].split("</table>", 1)[0]
    described = set(re.findall(r"<td>(?:<code>[a-z_]+</code>(?:, )?)+</td>", table))
    names = {name for cell in described for name in re.findall(r"<code>([a-z_]+)</code>", cell)}
    assert names == set(fields.EXPORT_KEYS)
