"""The GitHub side: workflows, Dependabot and the issue form are valid, audited, least-privilege, and
in step with papers.yaml and the Makefile."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.sitebuild import ROOT

GITHUB = ROOT / ".github"
WORKFLOWS = sorted([*(GITHUB / "workflows").glob("*.yml"), *(GITHUB / "workflows").glob("*.yaml")])
DEPENDABOT = GITHUB / "dependabot.yml"
ISSUE_FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
ISSUE_CONFIG = GITHUB / "ISSUE_TEMPLATE" / "config.yml"
SUGGEST_FORM = GITHUB / "ISSUE_TEMPLATE" / "suggest-paper.yml"
# The table of action SHAs read from the actions' own repositories; outside the repo, so optional.
PINS = ROOT.parent / "shared" / "data" / "github-actions-pins.md"
BIN = Path(sys.executable).parent

SHA = re.compile(r"[0-9a-f]{40}")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>[^\s#]+)\s*(?:#\s*(?P<comment>.*?))?\s*$")
PIP_INSTALL = re.compile(r"\bpip3?\s+install\b")
WRITE_OK = {"pages", "id-token"}  # and only in the deploy job
DIGEST_WRITE_OK = {"contents"}  # and only in the job that emails an update: it pushes the tag digest-YYYY-MM-DD
DIGEST_SECRETS = {"SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD", "DIGEST_TO", "DIGEST_FROM"}


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{_name(path)}: expected a mapping at the top"
    return data


def _triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    """The `on:` events as a mapping (PyYAML reads the bare key `on` as True)."""
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    assert isinstance(on, dict), f"unreadable triggers: {on!r}"
    return on


def _jobs() -> Iterator[tuple[Path, dict[str, Any], str, dict[str, Any]]]:
    for path in WORKFLOWS:
        workflow = _load(path)
        for job_id, job in workflow["jobs"].items():
            yield path, workflow, job_id, job


def _steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    steps = job.get("steps", [])
    assert isinstance(steps, list)
    return steps


def _action(step: dict[str, Any]) -> str:
    """'actions/checkout' for `uses: actions/checkout@<sha>`, '' for a run step."""
    return str(step.get("uses", "")).split("@", 1)[0]


def _write_permissions(permissions: object) -> set[str]:
    if permissions in ("write-all",):
        return {"*"}
    if isinstance(permissions, dict):
        return {scope for scope, level in permissions.items() if level == "write"}
    return set()


def _is_pull_request_workflow(workflow: dict[str, Any]) -> bool:
    return bool({"pull_request", "pull_request_target"} & _triggers(workflow).keys())


def _deploy_jobs() -> list[tuple[Path, dict[str, Any], str, dict[str, Any]]]:
    return [(p, w, j, job) for p, w, j, job in _jobs() if any(_action(s) == "actions/deploy-pages" for s in _steps(job))]


def test_the_workflows_exist() -> None:
    names = {p.name for p in WORKFLOWS}
    assert {"checks.yml", "deploy.yml"} <= names, names
    assert DEPENDABOT.is_file()
    assert SUGGEST_FORM.is_file()


# (a) The files are what GitHub accepts, by check-jsonschema's bundled (offline) schemas.
SCHEMAS = [
    ("vendor.github-workflows", WORKFLOWS),
    ("vendor.dependabot", [DEPENDABOT]),
    ("vendor.github-issue-forms", ISSUE_FORMS),
    *([("vendor.github-issue-config", [ISSUE_CONFIG])] if ISSUE_CONFIG.exists() else []),
]


@pytest.mark.parametrize(("schema", "files"), SCHEMAS, ids=[s for s, _ in SCHEMAS])
def test_files_match_githubs_schema(schema: str, files: list[Path]) -> None:
    assert files
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", schema, *map(str, files)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


# (b) zizmor, the GitHub Actions auditor, has nothing to say, even in its pedantic persona.
def test_zizmor_reports_no_findings() -> None:
    """Named files and --strict-collection: a file zizmor cannot read is an error, not skipped."""
    files = [_name(p) for p in [*WORKFLOWS, DEPENDABOT]]
    base = [str(BIN / "zizmor"), "--offline", "--pedantic", "--no-config", "--no-ignores", "--strict-collection", "--no-progress"]
    result = subprocess.run([*base, "--format", "json", *files], cwd=ROOT, capture_output=True, text=True, check=False)
    findings = json.loads(result.stdout) if result.stdout.strip() else None
    if result.returncode != 0 or findings != []:
        plain = subprocess.run([*base, "--color", "never", *files], cwd=ROOT, capture_output=True, text=True, check=False)
        pytest.fail(f"zizmor (exit {result.returncode}):\n{plain.stdout}{plain.stderr}", pytrace=False)


# (c) The properties the security and deploy story rests on.
def test_no_workflow_runs_on_untrusted_triggers() -> None:
    for path in WORKFLOWS:
        dangerous = {"pull_request_target", "workflow_run"} & _triggers(_load(path)).keys()
        assert not dangerous, f"{_name(path)}: triggered by {sorted(dangerous)}, which runs fork code with the base repository's rights"


def test_top_level_permissions_are_read_only() -> None:
    for path in WORKFLOWS:
        workflow = _load(path)
        assert "permissions" in workflow, f"{_name(path)}: no top-level permissions (the default token may be read-write)"
        permissions = workflow["permissions"]
        assert permissions == "read-all" or (isinstance(permissions, dict) and set(permissions.values()) <= {"read", "none"}), (
            f"{_name(path)}: top-level permissions {permissions!r} are not read-only"
        )


def test_every_job_declares_its_permissions_and_a_timeout() -> None:
    for path, _, job_id, job in _jobs():
        assert "permissions" in job, f"{_name(path)}: job {job_id} does not declare its permissions"
        assert isinstance(job.get("timeout-minutes"), int), f"{_name(path)}: job {job_id} has no timeout-minutes"


def _digest_jobs() -> list[tuple[Path, dict[str, Any], str, dict[str, Any]]]:
    """The jobs that run `python -m generator digest --send`."""
    return [(p, w, j, job) for p, w, j, job in _jobs() if any("generator digest --send" in s.get("run", "") for s in _steps(job))]


def test_write_permissions_only_in_the_deploy_job_on_push_to_main() -> None:
    deploy = _deploy_jobs()
    assert len(deploy) == 1, f"expected one job that runs actions/deploy-pages, found {[(p.name, j) for p, _, j, _ in deploy]}"
    digest = {(p, j) for p, _, j, _ in _digest_jobs()}
    for path, workflow, job_id, job in _jobs():
        writes = _write_permissions(job.get("permissions"))
        where = f"{_name(path)}: job {job_id}"
        if (path, job_id) in digest:
            assert writes <= DIGEST_WRITE_OK, f"{where} may write {sorted(writes)}; the digest job may write only contents (its tag)"
            continue
        if (path, job_id) != (deploy[0][0], deploy[0][2]):
            assert not writes, f"{where} may write {sorted(writes)}; only the deploy job may write, and only pages and id-token"
            continue
        assert writes == WRITE_OK, f"{where}: expected write access to exactly {sorted(WRITE_OK)}, got {sorted(writes)}"
        assert _triggers(workflow) == {"push": {"branches": ["main"]}}, f"{_name(path)}: the deploy must run only on push to main"
        assert all("run" not in step for step in _steps(job)), f"{where} runs a script while holding write access"


def test_the_digest_is_emailed_only_after_a_deploy_on_main() -> None:
    """One job sends the email: in the deploy workflow (push to main), after the deploy job, never on its own."""
    jobs = _digest_jobs()
    assert len(jobs) == 1, f"expected one job that runs `generator digest --send`, found {[(p.name, j) for p, _, j, _ in jobs]}"
    path, workflow, job_id, job = jobs[0]
    deploy_path, _, deploy_id, _ = _deploy_jobs()[0]
    where = f"{_name(path)}: job {job_id}"
    assert path == deploy_path and _triggers(workflow) == {"push": {"branches": ["main"]}}, f"{where}: only in the deploy workflow"
    needs = job.get("needs", [])
    assert deploy_id in ([needs] if isinstance(needs, str) else needs), f"{where}: must wait for the deploy (needs: {deploy_id})"
    condition = str(job.get("if", ""))
    assert "github.ref == 'refs/heads/main'" in condition, f"{where}: must run only on main, got if: {condition!r}"
    assert not re.search(r"always\(\)|failure\(\)|cancelled\(\)", condition), f"{where}: must run only after a successful deploy"
    concurrency = job.get("concurrency", workflow.get("concurrency"))
    assert isinstance(concurrency, dict) and concurrency.get("cancel-in-progress", False) is False, f"{where}: runs must not overlap"


def test_secrets_only_in_the_digest_step() -> None:
    """The SMTP secrets, and the token git pushes the tag with, are in one step's env: not the job's, not the workflow's."""
    (path, workflow, digest_id, digest_job), *_ = _digest_jobs()
    assert "env" not in workflow and "env" not in digest_job, f"{_name(path)}: keep the digest's settings in its step's env"
    send = [step for step in _steps(digest_job) if "generator digest --send" in step.get("run", "")]
    assert len(send) == 1
    env = send[0].get("env", {})
    assert {name for name, value in env.items() if "secrets." in str(value)} == DIGEST_SECRETS, env
    for name in DIGEST_SECRETS:
        assert env[name] == f"${{{{ secrets.{name} }}}}", f"{name}: expected the repository secret of that name, got {env[name]!r}"
    for other_path, _, job_id, job in _jobs():
        for step in _steps(job):
            if other_path == path and job_id == digest_id and "generator digest --send" in step.get("run", ""):
                continue
            text = yaml.safe_dump(step)
            assert "secrets." not in text, f"{_name(other_path)}: job {job_id}: a secret outside the digest step: {text}"
            if job_id == digest_id:
                assert "github.token" not in text and "GITHUB_TOKEN" not in text, f"{_name(other_path)}: the token outside the send step"


def test_deploys_are_serialised_and_never_cancelled() -> None:
    path, workflow, _, job = _deploy_jobs()[0]
    concurrency = job.get("concurrency", workflow.get("concurrency"))
    assert isinstance(concurrency, dict), f"{_name(path)}: no concurrency group for the deploy"
    assert concurrency.get("group"), f"{_name(path)}: the deploy's concurrency has no group"
    assert concurrency.get("cancel-in-progress", False) is False, f"{_name(path)}: a new push would cancel a deploy halfway"


def test_the_deployed_site_knows_its_own_address() -> None:
    """mkdocs.yml reads SITE_URL and REPO_URL: the build before the deploy sets them from Pages."""
    path, workflow, *_ = _deploy_jobs()[0]
    steps = [step for job in workflow["jobs"].values() for step in _steps(job)]
    pages_ids = [step.get("id") for step in steps if _action(step) == "actions/configure-pages"]
    assert pages_ids and pages_ids[0], f"{_name(path)}: no configure-pages step with an id"
    builds = [step for step in steps if re.search(r"\bmake build\b|mkdocs build", step.get("run", ""))]
    assert builds, f"{_name(path)}: nothing builds the site"
    env = builds[0].get("env", {})
    assert env.get("SITE_URL") == f"${{{{ steps.{pages_ids[0]}.outputs.base_url }}}}/", env
    assert env.get("REPO_URL") == "${{ github.server_url }}/${{ github.repository }}", env
    uploads = [step for step in steps if _action(step) == "actions/upload-pages-artifact"]
    assert uploads and uploads[0]["with"]["path"].rstrip("/") == "site", f"{_name(path)}: upload-pages-artifact must upload site/"


def _uses_lines(path: Path) -> list[tuple[int, str, str]]:
    """(line number, ref, comment) of every `uses:` line, cross-checked against the parsed YAML."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = USES_LINE.match(line)
        if match:
            found.append((number, match["ref"], match["comment"] or ""))
    parsed = [str(job["uses"]) for job in _load(path)["jobs"].values() if "uses" in job]
    parsed += [str(step["uses"]) for job in _load(path)["jobs"].values() for step in _steps(job) if "uses" in step]
    assert sorted(ref for _, ref, _ in found) == sorted(parsed), f"{_name(path)}: write each `uses:` on its own line"
    return found


def test_every_action_is_pinned_to_a_commit_with_its_version() -> None:
    count = 0
    for path in WORKFLOWS:
        for number, ref, comment in _uses_lines(path):
            where = f"{_name(path)}:{number}: {ref}"
            action, _, version = ref.partition("@")
            assert re.fullmatch(r"[\w.-]+/[\w.-]+(/[\w./-]+)?", action), f"{where}: only actions from GitHub repositories"
            assert SHA.fullmatch(version), f"{where}: pin to a full 40-character commit SHA, not a tag or branch"
            assert re.fullmatch(r"v\d+\.\d+\.\d+", comment), f"{where}: add the version as a comment, like `# v1.2.3`"
            count += 1
    assert count


def _verified_pins() -> dict[tuple[str, str], str]:
    """{(action, sha): tag} from the verified table; the 'Unverified leads' after it are not read."""
    pins = {}
    verified = PINS.read_text(encoding="utf-8").split("## Unverified", 1)[0]
    for match in re.finditer(r"^\|\s*([\w.-]+/[\w.-]+)\s*\|\s*(v[\d.]+)\s*\|\s*`([0-9a-f]{40})`", verified, re.MULTILINE):
        pins[(match[1], match[3])] = match[2]
    return pins


@pytest.mark.skipif(not PINS.is_file(), reason=f"{PINS} is not here to compare with")
def test_every_pin_is_a_verified_commit() -> None:
    pins = _verified_pins()
    assert len(pins) >= 6, "could not read the table of verified pins"
    for path in WORKFLOWS:
        for number, ref, comment in _uses_lines(path):
            action, _, sha = ref.partition("@")
            key = ("/".join(action.split("/")[:2]), sha)
            assert key in pins, f"{_name(path)}:{number}: {ref} is not a verified SHA in {PINS.name}"
            assert comment == pins[key], f"{_name(path)}:{number}: {ref} is {pins[key]}, but the comment says {comment!r}"


def test_python_is_pinned_and_checkout_keeps_no_credentials() -> None:
    for path, _, job_id, job in _jobs():
        for step in _steps(job):
            where = f"{_name(path)}: job {job_id}: {step.get('name') or step.get('uses')}"
            if _action(step) == "actions/setup-python":
                assert step.get("with", {}).get("python-version") == "3.11", f'{where}: use python-version: "3.11" (quoted)'
            if _action(step) == "actions/checkout":
                assert step.get("with", {}).get("persist-credentials") is False, f"{where}: set persist-credentials: false"


def test_no_expressions_inside_scripts() -> None:
    """`${{ … }}` in a script is pasted in before the shell runs (template injection); use env: instead."""
    for path, _, job_id, job in _jobs():
        for step in _steps(job):
            assert "${{" not in step.get("run", ""), f"{_name(path)}: job {job_id}: move the expression into env:\n{step['run']}"


def test_pull_request_workflows_use_no_secrets() -> None:
    for path in WORKFLOWS:
        if _is_pull_request_workflow(_load(path)):
            text = path.read_text(encoding="utf-8")
            match = re.search(r"\bsecrets\s*[.\[]|\bsecrets\s*:\s*inherit", text)
            assert not match, f"{_name(path)} runs on pull requests but reads secrets: {match[0]!r}"


# The Makefile, read just enough to follow a target through its prerequisites to its recipes.
def _makefile() -> tuple[dict[str, list[str]], dict[str, list[str]], str]:
    """({target: prerequisites}, {target: recipe lines}, default goal), with $(VARS) expanded."""
    variables: dict[str, str] = {}
    prereqs: dict[str, list[str]] = {}
    recipes: dict[str, list[str]] = {}

    def expand(text: str) -> str:
        for _ in range(10):
            text = re.sub(r"\$\((\w+)\)", lambda m: variables.get(m[1], m[0]), text)
        return text

    current: list[str] = []
    default = ""
    for line in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines():
        if line.startswith("\t"):
            for target in current:
                recipes[target].append(expand(line.strip()))
            continue
        current = []
        assignment = re.match(r"^(?:export\s+)?(\w+)\s*[:?]?=\s*(.*)$", line)
        rule = re.match(r"^([^\s:#=][^:=]*):(?!=)(.*)$", line)
        if assignment:
            variables[assignment[1]] = assignment[2].strip()
        elif rule and rule[1].strip() != ".PHONY":
            current = expand(rule[1]).split()
            for target in current:
                prereqs[target] = expand(rule[2]).split()
                recipes[target] = []
            default = default or next((t for t in current if not t.startswith(".")), "")
    return prereqs, recipes, default


def _make_recipes(target: str, prereqs: dict[str, list[str]], recipes: dict[str, list[str]], seen: set[str]) -> list[str]:
    if target in seen or target not in recipes:
        return []
    seen.add(target)
    lines = [line for dep in prereqs[target] for line in _make_recipes(dep, prereqs, recipes, seen)]
    return lines + recipes[target]


def _installs(script: str) -> list[str]:
    """Every pip install a script runs, directly or through the make targets it names."""
    prereqs, recipes, default = _makefile()
    installs = []
    for line in script.splitlines():
        if PIP_INSTALL.search(line):
            installs.append(line.strip())
        for match in re.finditer(r"(?:^|[;&|]\s*|\s)make((?:\s+[^\s;&|]+)*)", line):
            targets = [word for word in shlex.split(match[1]) if not word.startswith("-") and "=" not in word] or [default]
            for target in targets:
                assert target in recipes, f"`make {target}`: no such target in the Makefile"
                installs += [r for r in _make_recipes(target, prereqs, recipes, set()) if PIP_INSTALL.search(r)]
    return installs


def test_the_makefile_reader_sees_the_hashed_installs() -> None:
    """The check below is only as good as this reader: `make test` must lead to both locked installs."""
    installs = _installs("make test")
    assert any("requirements/site.txt" in line for line in installs), installs
    assert any("requirements/dev.txt" in line for line in installs), installs


def test_every_install_is_from_the_hashed_lock() -> None:
    for path, _, job_id, job in _jobs():
        scripts = [step["run"] for step in _steps(job) if "run" in step]
        if not scripts:
            continue
        installs = [line for script in scripts for line in _installs(script)]
        where = f"{_name(path)}: job {job_id}"
        assert installs, f"{where} runs scripts but installs nothing from requirements/*.txt"
        for line in installs:
            assert "--require-hashes" in line, f"{where}: `{line}` does not use --require-hashes"
            assert re.search(r"-r\s+requirements/\w+\.txt", line), f"{where}: `{line}` does not install from the lock"
        assert_every_byte_is_hashed(installs, where)


def assert_every_byte_is_hashed(installs: list[str], where: str) -> None:
    """pip builds a source archive with backends it fetches unchecked, unless build isolation is off.

    So the build backends come first, as wheels from requirements/build.txt, and every other
    install runs with --no-build-isolation (or installs wheels only).
    """
    backends = [i for i, line in enumerate(installs) if "requirements/build.txt" in line]
    for i, line in enumerate(installs):
        if "--only-binary :all:" in line:
            continue
        assert "--no-build-isolation" in line, f"{where}: `{line}` may build a source archive with unhashed backends"
        assert backends and backends[0] < i, f"{where}: `{line}` runs before the build backends are installed from requirements/build.txt"


def test_the_build_backends_are_what_the_source_only_packages_need() -> None:
    """Every package of the locks that has no wheel builds with setuptools, which build.txt pins with hashes."""
    build = (ROOT / "requirements" / "build.txt").read_text(encoding="utf-8")
    assert re.search(r"^setuptools==[\d.]+ \\\n\s+--hash=sha256:", build, re.M)
    assert re.search(r"^wheel==[\d.]+ \\\n\s+--hash=sha256:", build, re.M)


def test_pull_requests_get_every_check_and_a_preview() -> None:
    pr_workflows = [_load(p) for p in WORKFLOWS if _is_pull_request_workflow(_load(p))]
    assert pr_workflows, "no workflow runs on pull_request"
    jobs = [job for workflow in pr_workflows for job in workflow["jobs"].values()]
    steps = [step for job in jobs for step in _steps(job)]
    scripts = "\n".join(step.get("run", "") for step in steps)
    assert re.search(r"generator validate --format github", scripts), "papers.yaml problems must show on the diff"
    assert re.search(r"\bmake test\b", scripts), "pull requests must run make test"
    assert "CHROMIUM_PATH" in scripts or any("CHROMIUM_PATH" in job.get("env", {}) for job in jobs), "the browser tests need CHROMIUM_PATH"
    assert re.search(r"\bmake build\b", scripts) or ("generator build" in scripts and "mkdocs build --strict" in scripts)
    uploads = [step for step in steps if _action(step) == "actions/upload-artifact"]
    assert uploads and uploads[0]["with"]["path"].rstrip("/") == "site", "reviewers need the built site/ as an artifact"


def test_ci_also_runs_the_catalog_tests_against_the_second_catalog() -> None:
    """A paper pull request or a fork must not be able to break what only the first catalog tested."""
    pr_scripts = "\n".join(
        step.get("run", "")
        for path in WORKFLOWS
        if _is_pull_request_workflow(_load(path))
        for job in _load(path)["jobs"].values()
        for step in _steps(job)
    )
    assert re.search(r"\bmake test-fork\b", pr_scripts), "pull requests must run make test-fork"
    assert re.search(r"^make test-fork$", (ROOT / ".ci" / "run").read_text(encoding="utf-8"), re.MULTILINE)
    _, recipes, _ = _makefile()
    (line,) = recipes["test-fork"]
    assert line.startswith("CATALOG=tests/fixtures/fork/papers.yaml ") and '-m "catalog and not browser"' in line
    assert (ROOT / "tests" / "fixtures" / "fork" / "papers.yaml").is_file()


def test_dependabot_keeps_actions_and_the_lock_current() -> None:
    updates = {(u["package-ecosystem"], u["directory"]): u["schedule"]["interval"] for u in _load(DEPENDABOT)["updates"]}
    assert updates == {("github-actions", "/"): "weekly", ("pip", "/requirements"): "weekly"}


# (d) The issue form cannot drift from papers.yaml.
def _form_field(form: dict[str, Any], field_id: str) -> dict[str, Any]:
    fields: list[dict[str, Any]] = [item for item in form["body"] if item.get("id") == field_id]
    assert len(fields) == 1, f"{_name(SUGGEST_FORM)}: expected one field with id {field_id!r}"
    return fields[0]


def test_issue_form_lists_exactly_the_themes_of_papers_yaml() -> None:
    themes = _load(ROOT / "papers.yaml")["themes"]
    expected = [f"{theme['title']} ({theme['id']})" for theme in themes]
    options = _form_field(_load(SUGGEST_FORM), "themes")["attributes"]["options"]
    listed = [m[1] if (m := re.search(r"\(([a-z0-9-]+)\)$", option)) else option for option in options]
    ids = [theme["id"] for theme in themes]
    missing = [option for option, theme_id in zip(expected, ids, strict=True) if theme_id not in listed]
    extra = [option for option, theme_id in zip(options, listed, strict=True) if theme_id not in ids]
    assert not missing and not extra, (
        f"{_name(SUGGEST_FORM)}: the themes dropdown is out of step with papers.yaml.\n  add:    {missing}\n  remove: {extra}"
    )
    assert options == expected, f"{_name(SUGGEST_FORM)}: list the themes as in papers.yaml, in its order:\n" + "\n".join(
        f"        - {option}" for option in expected
    )


def test_issue_form_fields_map_onto_papers_yaml() -> None:
    schema = json.loads((ROOT / "docs" / "papers.schema.json").read_text(encoding="utf-8"))
    paper_fields = set(schema["definitions"]["paper"]["properties"])
    form = _load(SUGGEST_FORM)
    ids = [item["id"] for item in form["body"] if "id" in item]
    unknown = set(ids) - paper_fields - {"why", "source"}
    assert not unknown, f"{_name(SUGGEST_FORM)}: fields {sorted(unknown)} are not papers.yaml keys"
    assert {"title", "arxiv", "authors", "year", "venue", "code", "url", "themes", "tags", "why", "source"} <= set(ids)
    for required in ("title", "why", "source"):
        assert _form_field(form, required).get("validations", {}).get("required") is True, required
