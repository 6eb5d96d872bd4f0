"""`python -m build` makes an sdist and a wheel that PyPI would take, each carrying the licence text."""

import zipfile

import rapport_blocks
from release import dist

LICENCE = dist.LICENCE.read_bytes()


def test_twine_check_strict_passes_on_both(built):
    assert sorted(dist.twine_check(built.sdist, built.wheel).splitlines()) == [
        f"Checking {built.wheel}: PASSED",
        f"Checking {built.sdist}: PASSED",
    ]


def test_both_declare_the_licence_as_spdx_and_the_version_of_the_source(built):
    for archive in (built.sdist, built.wheel):
        meta = dist.core_metadata(archive)
        assert meta["Metadata-Version"] == "2.4", archive.name
        assert meta["License-Expression"] == "MIT", archive.name
        assert meta.get_all("License-File") == ["LICENSE"], archive.name
        assert meta["Version"] == rapport_blocks.__version__, archive.name
        assert not [value for value in meta.get_all("Classifier") if value.startswith("License ::")]


def test_both_carry_the_licence_text(built):
    assert dist.licence_texts(built.sdist) == {"LICENSE": LICENCE}
    wheel_dist_info = f"lagesbild-{rapport_blocks.__version__}.dist-info"
    assert dist.licence_texts(built.wheel) == {f"{wheel_dist_info}/licenses/LICENSE": LICENCE}
    assert b"MIT License" in LICENCE and "Lägesbild contributors".encode() in LICENCE


def test_a_wheel_without_its_licence_file_is_caught(built, tmp_path):
    stripped = tmp_path / built.wheel.name
    with zipfile.ZipFile(built.wheel) as source, zipfile.ZipFile(stripped, "w") as target:
        for item in source.infolist():
            if not item.filename.endswith("/licenses/LICENSE"):
                target.writestr(item, source.read(item.filename))
    assert dist.licence_texts(stripped) == {}


def test_the_sdist_carries_the_release_documents(built):
    files = dist.sdist_files(built.sdist)
    for name in ("README.md", "LICENSE", "CHANGELOG.md", "SECURITY.md", "CONTRIBUTING.md"):
        assert files.get(name) == (dist.REPO / name).read_bytes(), name
