"""The provider's groups give the mapped Wagtail groups at every sign-in, and only those.

This is the part of the door another Wagtail site reuses (DESIGN.md, "The door"), so it runs in the
plugin's own pass too (tests/plugin_settings.py), on a site with neither django-axes nor
mozilla-django-oidc: the host's sign-in hands the verified claims to `apply_roles`.
"""

import logging

import pytest
from django.contrib.auth.models import Group, User

from rapport_blocks.admin import provider_roles

MAPPING = {"lagesbild-redaktorer": "Redaktörer", "lagesbild-granskare": "Granskare"}


@pytest.fixture
def groups(db, settings):
    settings.RAPPORT_BLOCKS_PROVIDER_GROUPS = MAPPING
    return {
        name: Group.objects.get_or_create(name=name)[0] for name in ("Redaktörer", "Granskare", "Moderators")
    }


@pytest.fixture
def person(db):
    return User.objects.create_user("anna", "anna@example.se")


def group_names(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_the_mapped_group_values_give_their_wagtail_groups(groups, person):
    given = provider_roles.apply_roles(person, {"groups": ["lagesbild-redaktorer", "all-staff"]})
    assert given == {"Redaktörer"}
    assert group_names(person) == {"Redaktörer"}


def test_a_group_removed_at_the_provider_is_taken_at_the_next_sign_in(groups, person):
    provider_roles.apply_roles(person, {"groups": ["lagesbild-redaktorer", "lagesbild-granskare"]})
    assert group_names(person) == {"Redaktörer", "Granskare"}
    provider_roles.apply_roles(person, {"groups": ["lagesbild-granskare"]})
    assert group_names(person) == {"Granskare"}
    provider_roles.apply_roles(person, {})
    assert group_names(person) == set()


def test_a_group_given_by_hand_outside_the_mapping_is_left_alone(groups, person):
    person.groups.add(groups["Moderators"])
    provider_roles.apply_roles(person, {"groups": []})
    assert group_names(person) == {"Moderators"}


def test_no_claim_gives_a_group_the_mapping_does_not_name(groups, person):
    provider_roles.apply_roles(person, {"groups": ["Moderators", "Redaktörer", "admin"]})
    assert group_names(person) == set()


@pytest.mark.parametrize(
    "claim, expected",
    [
        ("lagesbild-granskare", {"Granskare"}),  # some providers send one group as a string
        ({"lagesbild-granskare": True}, set()),  # neither a list nor a string: no group
        (["lagesbild-granskare", 7, None], {"Granskare"}),
    ],
)
def test_the_claim_in_the_shapes_providers_send(groups, person, claim, expected):
    provider_roles.apply_roles(person, {"groups": claim})
    assert group_names(person) == expected


def test_the_claim_is_the_configured_one(groups, person, settings):
    settings.RAPPORT_BLOCKS_PROVIDER_GROUPS_CLAIM = "roles"
    provider_roles.apply_roles(person, {"groups": ["lagesbild-redaktorer"], "roles": ["lagesbild-granskare"]})
    assert group_names(person) == {"Granskare"}


def test_a_mapped_group_missing_in_wagtail_is_logged_and_not_created(db, settings, person, caplog):
    settings.RAPPORT_BLOCKS_PROVIDER_GROUPS = {"lagesbild-redaktorer": "Redaktörer"}
    with caplog.at_level(logging.ERROR, logger="rapport_blocks.admin.provider_roles"):
        given = provider_roles.apply_roles(person, {"groups": ["lagesbild-redaktorer"]})
    assert given == set()
    assert not Group.objects.filter(name="Redaktörer").exists()
    assert "Redaktörer" in caplog.text


def test_without_a_mapping_a_sign_in_gives_no_group(db, settings, person):
    Group.objects.get_or_create(name="Redaktörer")
    settings.RAPPORT_BLOCKS_PROVIDER_GROUPS = {}
    assert provider_roles.apply_roles(person, {"groups": ["lagesbild-redaktorer"]}) == set()
    assert group_names(person) == set()
