"""Every setting of the plugin and the delivery has one default, in its app's conf.py.

A host project that sets none of them works; every module reads them through conf.py; the
README's settings table names each one with the default conf.py gives it.
"""

import re

import pytest

from frontend_widget import conf as delivery_conf
from frontend_widget.conf import delivery_settings
from rapport_blocks import conf as plugin_conf
from rapport_blocks.conf import rapport_settings
from tests.conftest import PROJECT_DIR

APPS = ("rapport_blocks", "frontend_widget")
# A read of a project setting of ours anywhere but conf.py: settings.LAGESBILD_X, getattr(settings, "X"…).
DIRECT_READ = re.compile(
    r"""settings\.(LAGESBILD|RAPPORT_BLOCKS)_|getattr\(\s*settings\s*,\s*["'](LAGESBILD|RAPPORT_BLOCKS)_"""
)


def test_no_module_reads_a_setting_of_ours_but_through_conf():
    offenders = []
    for app in APPS:
        for path in sorted((PROJECT_DIR / app).rglob("*.py")):
            if path.name == "conf.py" or "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if DIRECT_READ.search(line):
                    offenders.append(f"{path.relative_to(PROJECT_DIR)}:{number}: {line.strip()}")
    assert offenders == []


def test_every_setting_read_in_the_code_has_a_default():
    read = set()
    for app, name in (("rapport_blocks", "rapport_settings"), ("frontend_widget", "delivery_settings")):
        for path in (PROJECT_DIR / app).rglob("*.py"):
            read |= {(name, attr) for attr in re.findall(rf"\b{name}\.([A-Z_]+)\b", path.read_text())}
    missing = [
        (name, attr)
        for name, attr in read
        if attr not in (plugin_conf.DEFAULTS if name == "rapport_settings" else delivery_conf.DEFAULTS)
    ]
    assert read and missing == []


def test_the_readme_table_lists_each_setting_with_its_default():
    readme = (PROJECT_DIR / "README.md").read_text()
    section = readme.split("## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| `([A-Z_]+)` \| `([^`]*)` \|", section, re.M))
    expected = {plugin_conf.PREFIX + name: repr(value) for name, value in plugin_conf.DEFAULTS.items()}
    expected |= {delivery_conf.PREFIX + name: repr(value) for name, value in delivery_conf.DEFAULTS.items()}
    # The README writes Python literals with double quotes.
    assert {name: value.replace('"', "'") for name, value in rows.items()} == expected


def test_a_host_that_sets_none_gets_the_defaults(settings):
    for name in delivery_conf.DEFAULTS:
        if hasattr(settings, delivery_conf.PREFIX + name):
            delattr(settings, delivery_conf.PREFIX + name)
    for name in plugin_conf.DEFAULTS:
        if hasattr(settings, plugin_conf.PREFIX + name):
            delattr(settings, plugin_conf.PREFIX + name)
    assert delivery_settings.CACHE_CONTROL == "public, max-age=60, stale-while-revalidate=600"
    assert delivery_settings.THROTTLE_CACHE == "local"
    assert rapport_settings.PRESENTER is None
    assert rapport_settings.FAQ_REVIEW_DAYS == 90


def test_a_set_value_wins_at_once(settings):
    settings.LAGESBILD_API_PAGE_SIZE = 3
    assert delivery_settings.API_PAGE_SIZE == 3
    settings.RAPPORT_BLOCKS_FAQ_REVIEW_DAYS = 7
    assert rapport_settings.FAQ_REVIEW_DAYS == 7


def test_a_misspelt_setting_is_an_error_not_a_silent_none():
    with pytest.raises(AttributeError, match="CACHE_CONTROLL"):
        delivery_settings.CACHE_CONTROLL  # noqa: B018


def test_a_setting_read_before_an_override_is_read_anew_inside_and_after_it():
    from django.test import override_settings

    before = delivery_settings.CACHE_CONTROL
    with override_settings(LAGESBILD_CACHE_CONTROL="no-store"):
        assert delivery_settings.CACHE_CONTROL == "no-store"
        with override_settings(LAGESBILD_CACHE_CONTROL="private"):
            assert delivery_settings.CACHE_CONTROL == "private"
        assert delivery_settings.CACHE_CONTROL == "no-store"
    assert delivery_settings.CACHE_CONTROL == before
