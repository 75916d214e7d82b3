"""Every output format on one real result: parseable, complete, and (SARIF) schema-valid."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from check_helpers import reference_of

from audit.check import check
from audit.check.formats import FORMATS, render
from audit.check.formats.github import render as github
from audit.check.rules import RULES
from audit.config import Config
from audit.model import Finding

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
DRAFT = """# Kharkiv

Lord Dannatt said: "The Ukrainians have done extremely well and the Russian army is in disarray."

"The retreat was ordered in a panic," a senior official said.
"""


@pytest.fixture(scope="module")
def result(nlp, tmp_path_factory):
    folder = tmp_path_factory.mktemp("drafts")
    (folder / "a.md").write_text(DRAFT, encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"caf\xe9")
    ref = reference_of(("Richard Dannatt", "The Ukrainians have done remarkably well and the Russian army is in disarray."))
    return check([folder], config=Config(), reference=ref, nlp=nlp)


def test_result_has_findings_and_an_input_error(result) -> None:
    assert {f.rule for f in result.findings} >= {"misquote", "anonymous-source", "unverified-quote"}
    assert len(result.errors) == 1 and "not valid UTF-8" in result.errors[0]
    assert result.exit_code() == 2


def test_text_lines(result) -> None:
    lines = render(result, "text").splitlines()
    assert len(lines) == len(result.findings)
    misquote = next(line for line in lines if " misquote " in line)
    path, line, col, rest = misquote.split(":", 3)
    assert path.endswith("a.md") and (int(line), int(col)) == (3, 21)
    assert rest.startswith(" error misquote quote differs")


def test_json_round_trip(result) -> None:
    doc = json.loads(render(result, "json"))
    assert len(doc["findings"]) == len(result.findings)
    assert doc["summary"]["exit_code"] == 2 and doc["errors"] == result.errors
    first = doc["findings"][0]
    assert {"rule", "severity", "path", "line", "col", "message", "quote", "hint", "fingerprint"} <= set(first)


def test_sarif_is_valid_against_the_schema(result) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    doc = json.loads(render(result, "sarif"))
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).validate(doc)
    run = doc["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [r.id for r in RULES]
    misquote = next(r for r in run["results"] if r["ruleId"] == "misquote")
    assert misquote["level"] == "error"
    assert misquote["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    assert run["invocations"][0]["executionSuccessful"] is False


def test_sarif_schema_rejects_a_broken_log(result) -> None:
    """The schema file really constrains: a result without a message is refused."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    doc = json.loads(render(result, "sarif"))
    del doc["runs"][0]["results"][0]["message"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema)


def test_github_annotations(result) -> None:
    lines = render(result, "github").splitlines()
    assert any(line.startswith("::error file=") and ",line=3,col=21," in line for line in lines)
    assert any(line.startswith("::notice file=") for line in lines)  # info -> notice
    assert any(line.startswith("::error::") and "not valid UTF-8" in line for line in lines)


def test_github_escapes_properties_and_data() -> None:
    from audit.check import CheckResult

    f = Finding(rule="misquote", severity="warning", path="a,b:c.md", line=1, col=2, message="50%\nnext", quote="q", hint="h")
    out = github(CheckResult(findings=[f], files=["a,b:c.md"]))
    assert out.startswith("::warning file=a%2Cb%3Ac.md,line=1,col=2,")
    assert "50%25%0Anext" in out


def test_junit_xml(result) -> None:
    root = ET.fromstring(render(result, "junit"))
    suites = root.findall("testsuite")
    assert len(suites) == 2
    failures = root.findall(".//failure")
    assert len(failures) == len(result.failing()) == int(root.get("failures"))
    assert len(root.findall(".//error")) == 1


def test_gitlab_code_quality(result) -> None:
    """GitLab's Code Quality report: an array of issues with the fields GitLab requires,
    fingerprints unique per issue even for a finding printed twice."""
    doc = json.loads(render(result, "gitlab"))
    assert isinstance(doc, list) and len(doc) == len(result.findings) + len(result.unreadable)  # one per unreadable draft
    for issue in doc:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["location"]["lines"]["begin"] >= 1 and not issue["location"]["path"].startswith("/")
    misquote = next(i for i in doc if i["check_name"] == "misquote")
    assert misquote["severity"] == "major" and misquote["location"]["lines"]["begin"] == 3
    f = result.findings[0]
    from audit.check import CheckResult

    twice = json.loads(render(CheckResult(findings=[f, f], files=[f.path]), "gitlab"))
    assert twice[0]["fingerprint"] != twice[1]["fingerprint"]


def test_every_format_is_registered() -> None:
    assert set(FORMATS) == {"text", "json", "sarif", "github", "junit", "gitlab"}
