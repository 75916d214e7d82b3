"""JUnit XML: one test suite per draft, one test case per finding (failing at or above the fail level), so CI
systems without SARIF support (Jenkins, GitLab, Azure) show findings as test results.
A clean draft is one passing case; an unreadable draft one case with an ``<error>``."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from audit.check import CheckResult
from audit.model import Finding

XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 forbids anywhere, escaped or not. ElementTree writes them as they
are, and one control character in a quoted draft would make the whole report unreadable
to the CI server; they become U+FFFD."""

LINE_COMMAND = re.compile(r"(?m)^(\s*):(?=:)|#(?=#\[)")
"""A line of the report that GitHub's runner would read as a workflow command when the
XML is printed to a CI log: ``::`` at its start or ``##[`` anywhere (a quote or a file
name holding a newline puts user text at a line's start). The first character becomes an
XML character reference: the same text to an XML reader, inert to the runner."""


def _case(suite: ET.Element, name: str, classname: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", name=name, classname=classname, time="0")


def render(result: CheckResult) -> str:
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in result.findings:
        by_file[f.path].append(f)
    failing = {id(f) for f in result.failing()}
    errors = result.unreadable
    root = ET.Element("testsuites", name="audit check")
    total = fails = errs = 0
    for path in result.files:
        findings = by_file.get(path, [])
        suite = ET.SubElement(root, "testsuite", name=path)
        n_fail = n_err = 0
        if path in errors:
            ET.SubElement(_case(suite, "read", path), "error", message=errors[path]).text = errors[path]
            n_err = 1
        elif not findings:
            _case(suite, "no findings", path)
        for f in findings:
            case = _case(suite, f"{f.rule} at {f.line}:{f.col}", path)
            report = f"{f.path}:{f.line}:{f.col}: {f.severity} {f.rule} {f.message}\nquote: {f.quote}\nfix: {f.hint}"
            if id(f) in failing:
                n_fail += 1
                ET.SubElement(case, "failure", message=f.message, type=f.severity).text = report
            else:  # below the fail level: reported, but the case passes
                ET.SubElement(case, "system-out").text = report
        cases = max(len(findings), 1)
        suite.set("tests", str(cases))
        suite.set("failures", str(n_fail))
        suite.set("errors", str(n_err))
        total, fails, errs = total + cases, fails + n_fail, errs + n_err
    root.set("tests", str(total))
    root.set("failures", str(fails))
    root.set("errors", str(errs))
    ET.indent(root)
    xml = ET.tostring(root, encoding="unicode")
    xml = LINE_COMMAND.sub(lambda m: (m.group(1) or "") + ("&#58;" if m.group().endswith(":") else "&#35;"),
                           XML_ILLEGAL.sub("\ufffd", xml))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + xml + "\n"
