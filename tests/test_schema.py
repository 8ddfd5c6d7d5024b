"""The JSON Schema editors use and the validator agree on the same fixtures."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.errors import CatalogError
from generator.loader import load_path
from generator.validate import validate
from tests.sitebuild import ROOT

SCHEMA = json.loads((ROOT / "docs" / "papers.schema.json").read_text(encoding="utf-8"))
INVALID = ROOT / "tests" / "fixtures" / "invalid"
# Rules a JSON Schema cannot express: references between entries, uniqueness across entries,
# what YAML itself refuses (yaml-*: one syntax mistake each), whether the LaTeX in an abstract
# parses, and values that read as several authors or hold LaTeX outside math.
SEMANTIC_ONLY = {
    "duplicates",
    "bad-math",
    "duplicate-key",
    "anchors",
    "syntax-error",
    "tab-indent",
    "not-utf8",
    "suspicious-values",
    "comment-cuts-value",
} | {p.stem for p in INVALID.glob("yaml-*.yaml")}


def as_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def schema_errors(path: Path) -> list[str]:
    data = as_json(load_path(path).data)
    validator = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def validator_ok(path: Path) -> bool:
    try:
        validate(load_path(path))
    except CatalogError:
        return False
    return True


def test_schema_is_a_valid_draft7_schema() -> None:
    jsonschema.Draft7Validator.check_schema(SCHEMA)


@pytest.mark.parametrize(
    "path",
    [
        ROOT / "papers.yaml",
        *sorted((ROOT / "tests" / "fixtures" / "valid").glob("*.yaml")),
        ROOT / "tests" / "fixtures" / "fork" / "papers.yaml",
        ROOT / "tests" / "fixtures" / "first" / "papers.yaml",
    ],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_valid_catalogs_pass_both(path: Path) -> None:
    assert validator_ok(path)
    assert schema_errors(path) == []


@pytest.mark.parametrize("case", sorted(p.stem for p in INVALID.glob("*.yaml") if p.stem not in SEMANTIC_ONLY))
def test_invalid_catalogs_fail_both(case: str) -> None:
    path = INVALID / f"{case}.yaml"
    assert not validator_ok(path)
    assert schema_errors(path), f"the schema accepts {case}.yaml, which the validator rejects"


def test_semantic_only_cases_are_still_rejected_by_the_validator() -> None:
    for case in SEMANTIC_ONLY:
        assert not validator_ok(INVALID / f"{case}.yaml"), case


def test_papers_yaml_starts_with_the_editor_modeline() -> None:
    first = (ROOT / "papers.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./docs/papers.schema.json"
    assert (ROOT / "docs" / "papers.schema.json").is_file()
