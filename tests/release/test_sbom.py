"""The SBOM (`make sbom`): CycloneDX JSON that validates and names every runtime dependency.

It is made from a clean environment that holds the wheel built from the sdist and nothing else,
so it lists what `pip install lagesbild` brings: each distribution with its version and licence.
"""

import json

from release import sbom


def test_the_environment_holds_the_package_and_its_runtime_dependencies_only(runtime):
    assert runtime.installed == {"lagesbild", *runtime.dependencies}
    assert {"wagtail", "django", "djangorestframework", "bleach"} <= runtime.dependencies.keys()


def test_it_validates_against_the_cyclonedx_schema(runtime):
    assert json.loads(runtime.sbom.read_text())["specVersion"] == sbom.SPEC_VERSION
    assert sbom.schema_errors(runtime.sbom) == []


def test_its_root_is_the_package_with_its_version_and_licence(runtime):
    assert sbom.root_problems(runtime.sbom, runtime.version) == []
    root = json.loads(runtime.sbom.read_text())["metadata"]["component"]
    assert root["purl"] == f"pkg:pypi/lagesbild@{runtime.version}"
    assert {"acknowledgement": "declared", "id": "MIT"} in [entry["license"] for entry in root["licenses"]]


def test_it_names_every_runtime_dependency_with_its_version_and_licence(runtime):
    assert sbom.unnamed(runtime.sbom, runtime.dependencies) == []
    components = {item["name"].lower(): item for item in json.loads(runtime.sbom.read_text())["components"]}
    assert components["wagtail"]["version"] == runtime.dependencies["wagtail"].version
    assert components["wagtail"]["licenses"] == [
        {"license": {"acknowledgement": "declared", "id": "BSD-3-Clause"}}
    ]


def test_a_dependency_left_out_or_without_licence_is_named(runtime, tmp_path):
    bom = json.loads(runtime.sbom.read_text())
    bom["components"] = [item for item in bom["components"] if item["name"].lower() != "bleach"]
    for item in bom["components"]:
        if item["name"].lower() == "wagtail":
            del item["licenses"]
        if item["name"].lower() == "django":
            item["version"] = "0.0"
    broken = tmp_path / "broken.cdx.json"
    broken.write_text(json.dumps(bom))
    problems = sbom.unnamed(broken, runtime.dependencies)
    assert [problem.split(":")[0].split(" ")[0] for problem in problems] == ["bleach", "django", "wagtail"]


def test_an_sbom_outside_the_schema_is_refused(runtime, tmp_path):
    bom = json.loads(runtime.sbom.read_text())
    # The root and one component keep the check short (each address is checked as an IRI, slowly).
    bom["components"] = [{key: value for key, value in bom["components"][0].items() if key != "type"}]
    bom["dependencies"] = []
    broken = tmp_path / "broken.cdx.json"
    broken.write_text(json.dumps(bom))
    assert sbom.schema_errors(broken) == ["components/0: 'type' is a required property"]
