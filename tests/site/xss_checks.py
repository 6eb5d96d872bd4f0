"""The XSS oracle shared by the input-path tests and the browser tests, and the figures they report.

What "nothing may execute" means, checked on a parsed DOM (Lexbor, through selectolax: a parser that
follows the HTML standard as browsers do, and fast enough for every output of every vector), never by
grepping strings: no `on*` attribute, no javascript:/data:/vbscript: URL in any attribute a browser
follows or loads, no `style` that runs script, and no script, iframe, object, embed, svg, math, form
(or the other elements that load or run something) beyond those the page's own template has. The
template's own elements are taken from a baseline: the same kind of page rendered without vectors.

Independent of the sanitiser's code on purpose: it must catch what the sanitiser lets through.
The figures (vectors × input paths × outputs, checks made) go to test-results/xss-figures.json,
for docs/security.md.
"""

from __future__ import annotations

import html
import json
import os
import threading
import unicodedata
from collections import Counter
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from tests.conftest import PROJECT_DIR, TEST_DATA_DIR, XSS_VECTORS_PATH

# noscript: this parser reads its content as markup (scripting off), a browser as text (mXSS).
FORBIDDEN_ELEMENTS = frozenset(
    {
        "script",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "form",
        "frame",
        "frameset",
        "applet",
        "base",
        "noscript",
    }
)
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
# Attributes whose value a browser loads, follows or submits to.
URL_ATTRIBUTES = frozenset(
    {
        "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset",
        "ping", "cite", "codebase", "lowsrc", "dynsrc", "manifest", "longdesc", "usemap", "icon",
    }
)  # fmt: skip
FIGURES_PATH = (
    Path(os.environ.get("LAGESBILD_TEST_ARTEFACTS", PROJECT_DIR / "test-results")) / "xss-figures.json"
)


# The vectors


def public_vectors() -> list[str]:
    return [record["vector"] for record in json.loads(XSS_VECTORS_PATH.read_text(encoding="utf-8"))]


def project_vectors() -> list[str]:
    records = json.loads((TEST_DATA_DIR / "xss_vectors.json").read_text(encoding="utf-8"))
    return [record["vector"] for record in records]


def all_vectors() -> list[str]:
    """The public corpus and the project's own, each once, in a stable order."""
    return list(dict.fromkeys(public_vectors() + project_vectors()))


def batches(vectors: list[str], size: int) -> list[list[str]]:
    return [vectors[start : start + size] for start in range(0, len(vectors), size)]


# The oracle


def scheme_view(url: str) -> str:
    """A URL as a browser reads its scheme: entities decoded, invisible characters dropped, lowercased."""
    for _ in range(5):
        url = html.unescape(url)
    return "".join(c for c in url if not (c.isspace() or unicodedata.category(c)[0] in "CZ")).lower()


def dangerous_url(url: str) -> bool:
    viewed = scheme_view(url)
    return viewed.startswith(DANGEROUS_SCHEMES) or any(
        part.strip().startswith(DANGEROUS_SCHEMES) for part in viewed.split(",")[1:]
    )


def _elements(markup: str):
    """Every element of `markup` parsed as a browser parses a document (a fragment lands in <body>)."""
    for node in LexborHTMLParser(markup).root.traverse(include_text=False):
        if node.tag and not node.tag.startswith(("-", "_")):  # -comment, -text, _doctype
            yield node


def _signature(node) -> tuple:
    return (node.tag, tuple(sorted((name.lower(), value or "") for name, value in node.attributes.items())))


class Oracle:
    """Counts what it checked, so the figures say how much was looked at, not only that it passed."""

    def __init__(self):
        self.checks = 0

    def problems(self, markup: str, *, fragment: bool = False, baseline: Counter | None = None) -> list[str]:
        """What in `markup` could run script; `baseline`: the template's own forbidden elements."""
        found: list[str] = []
        forbidden: Counter = Counter()
        for node in _elements(markup):
            name = node.tag.lower()
            self.checks += 1
            if name in FORBIDDEN_ELEMENTS:
                forbidden[_signature(node)] += 1
                if name == "script" and node.attributes.get("type") == "application/ld+json":
                    try:
                        json.loads(node.text(deep=True) or "")  # a break-out would leave half a JSON
                    except ValueError:
                        found.append(f"<script type=application/ld+json> is not JSON: {node.text()!r:.120}")
            if name == "meta" and "refresh" in (node.attributes.get("http-equiv") or "").lower():
                found.append(f"<meta http-equiv=refresh>: {node.attributes}")
            for attribute, value in node.attributes.items():
                attribute, value = attribute.lower(), value or ""
                self.checks += 1
                if attribute.startswith("on"):
                    found.append(f"<{name} {attribute}={value!r:.80}>")
                elif attribute in URL_ATTRIBUTES and dangerous_url(value):
                    found.append(f"<{name} {attribute}={value!r:.80}>")
                elif attribute == "style" and any(
                    bad in scheme_view(value) for bad in ("javascript:", "expression(", "url(", "behavior")
                ):
                    found.append(f"<{name} style={value!r:.80}>")
        extra = forbidden - (baseline or Counter())
        found += [f"<{tag} {dict(attrs)}> (not in the template)" for tag, attrs in extra.elements()]
        return found

    def forbidden_elements(self, markup: str) -> Counter:
        """The template's own script, form, ... elements: the baseline for pages of that kind."""
        return Counter(
            _signature(node) for node in _elements(markup) if node.tag.lower() in FORBIDDEN_ELEMENTS
        )

    def url_problems(self, url: str) -> list[str]:
        self.checks += 1
        return [f"url {url!r:.80}"] if dangerous_url(url) else []


# The figures


class Figures:
    """Per test: vectors tried, input paths, outputs and checks; merged into one file across tests."""

    _lock = threading.Lock()

    def __init__(self, name: str):
        self.name = name
        self.vectors: set[str] = set()
        self.paths: dict[str, dict] = {}
        self.outputs: dict[str, int] = Counter()
        self.documents = 0
        self.oracle = Oracle()

    def path(self, path: str, *, tried: int, stored: int, refused: int, fields: int = 0) -> None:
        entry = self.paths.setdefault(path, {"vectors tried": 0, "stored": 0, "refused": 0, "fields": 0})
        entry["vectors tried"] += tried
        entry["stored"] += stored
        entry["refused"] += refused
        entry["fields"] = max(entry["fields"], fields)

    def check(self, output: str, markup: str, *, fragment=False, baseline=None) -> list[str]:
        self.outputs[output] += 1
        self.documents += 1
        return self.oracle.problems(markup, fragment=fragment, baseline=baseline)

    def check_url(self, output: str, url: str) -> list[str]:
        self.outputs[output] += 1
        return self.oracle.url_problems(url)

    def write(self) -> None:
        with self._lock:
            FIGURES_PATH.parent.mkdir(parents=True, exist_ok=True)
            try:
                data = json.loads(FIGURES_PATH.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
            tests = data.get("tests", {})
            tests[self.name] = {
                "vectors": len(self.vectors),
                "input paths": self.paths,
                "outputs": dict(self.outputs),
                "documents checked": self.documents,
                "checks": self.oracle.checks,
            }
            data = {"tests": tests, "totals": _totals(tests)}
            FIGURES_PATH.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _totals(tests: dict) -> dict:
    paths = {name for run in tests.values() for name in run["input paths"]}
    outputs = {name for run in tests.values() for name in run["outputs"]}
    return {
        "vectors (largest run)": max((run["vectors"] for run in tests.values()), default=0),
        "input paths": sorted(paths),
        "outputs": sorted(outputs),
        "vectors tried × input paths": sum(
            entry["vectors tried"] for run in tests.values() for entry in run["input paths"].values()
        ),
        "stored": sum(entry["stored"] for run in tests.values() for entry in run["input paths"].values()),
        "refused at input": sum(
            entry["refused"] for run in tests.values() for entry in run["input paths"].values()
        ),
        "documents checked": sum(run["documents checked"] for run in tests.values()),
        "checks": sum(run["checks"] for run in tests.values()),
    }
