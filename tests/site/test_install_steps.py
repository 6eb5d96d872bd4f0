"""The README's "Install in your Wagtail site" and the steps the install check applies are the same,
and the steps go into a site as it is.

docs/install/check.py (run by `make test`) applies docs/install/steps.py to a fresh `wagtail start`
site and a realistic one; this test keeps the README showing exactly those snippets, each in a code
block of that section, and runs the settings snippets on the settings of a site that has some of
what they add already.
"""

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _steps():
    spec = importlib.util.spec_from_file_location("install_steps", ROOT / "docs" / "install" / "steps.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _install_code_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Install in your Wagtail site", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```[a-z]*\n(.*?)```", section, flags=re.S)


@pytest.mark.parametrize("name", sorted(_steps().SNIPPETS))
def test_the_readme_shows_each_step_the_check_applies(name):
    snippet = _steps().SNIPPETS[name].rstrip("\n") + "\n"
    blocks = _install_code_blocks()
    assert any(snippet in block for block in blocks), (
        f"README.md's 'Install in your Wagtail site' has no code block with the {name!r} step of "
        f"docs/install/steps.py:\n{snippet}"
    )


def test_every_code_block_of_the_section_is_a_step_the_check_applies():
    snippets = [snippet.rstrip("\n") for snippet in _steps().SNIPPETS.values()]
    for block in _install_code_blocks():
        lines = [line for line in block.splitlines() if line.strip()]
        covered = {
            index
            for snippet in snippets
            if snippet in block
            for index, line in enumerate(lines)
            if line in snippet.splitlines()
        }
        extra = [line for index, line in enumerate(lines) if index not in covered]
        # The urls block shows the list around the include, which the check finds in place.
        extra = [line for line in extra if line not in ("urlpatterns = urlpatterns + [", "]")]
        assert not extra, f"README install lines that docs/install/steps.py does not apply: {extra}"


def test_the_delivery_names_the_apps_it_needs_in_one_list():
    from frontend_widget.apps import DELIVERY_APPS

    assert DELIVERY_APPS[0] == "frontend_widget"
    needed = {"rest_framework", "drf_spectacular", "drf_spectacular_sidecar", "corsheaders"}
    assert needed <= set(DELIVERY_APPS)


# A site's settings as it is: DRF for Wagtail's API v2, django-cors-headers for something of its
# own, MIDDLEWARE as a tuple, its own REST_FRAMEWORK.
SITE_SETTINGS = {
    "INSTALLED_APPS": ["home", "wagtail.api.v2", "wagtail", "rest_framework", "corsheaders"],
    "MIDDLEWARE": (
        "django.middleware.security.SecurityMiddleware",
        "corsheaders.middleware.CorsMiddleware",
        "django.middleware.common.CommonMiddleware",
    ),
    "REST_FRAMEWORK": {"DEFAULT_SCHEMA_CLASS": "rest_framework.schemas.openapi.AutoSchema"},
}


def _apply(*names: str, **site) -> dict:
    namespace = dict(site or SITE_SETTINGS)
    for name in names:
        exec(_steps().SNIPPETS[name], namespace)
    return namespace


def test_the_steps_add_only_the_apps_and_middleware_a_site_lacks():
    from frontend_widget.apps import DELIVERY_APPS

    applied = _apply("plugin settings", "delivery settings", "postgres settings")
    apps = applied["INSTALLED_APPS"]
    assert len(apps) == len(set(apps)), f"an app twice: {apps}"
    assert apps[:4] == ["rapport_blocks", "home", "wagtail.api.v2", "wagtail"]
    assert set(DELIVERY_APPS) | {"django.contrib.postgres"} <= set(apps)
    assert list(applied["MIDDLEWARE"]) == list(SITE_SETTINGS["MIDDLEWARE"]), (
        "CorsMiddleware was there already"
    )
    assert applied["REST_FRAMEWORK"] == SITE_SETTINGS["REST_FRAMEWORK"], "the site's DRF settings stand"


def test_a_site_without_cors_gets_the_middleware_once_and_first():
    site = {"INSTALLED_APPS": ["wagtail"], "MIDDLEWARE": ["django.middleware.common.CommonMiddleware"]}
    applied = _apply("delivery settings", **site)
    assert applied["MIDDLEWARE"] == ["corsheaders.middleware.CorsMiddleware", *site["MIDDLEWARE"]]
    assert "REST_FRAMEWORK" not in applied, "the steps write no REST_FRAMEWORK"
    again = _apply(
        "delivery settings", **{**site, **{k: applied[k] for k in ("INSTALLED_APPS", "MIDDLEWARE")}}
    )
    assert (
        again["MIDDLEWARE"] == applied["MIDDLEWARE"] and again["INSTALLED_APPS"] == applied["INSTALLED_APPS"]
    )
