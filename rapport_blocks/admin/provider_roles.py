"""A person's Wagtail groups from the groups their organisation's identity provider names.

What another Wagtail site reuses from the sign-in (docs/deployment.md, "Sign-in"): the host signs
people in with the provider (OpenID Connect: mozilla-django-oidc in the demo host, cms/sign_in.py)
and hands the verified claims here at every sign-in. The provider decides who writes and who
approves, so a person taken out of the provider's group loses the role at the next sign-in,
without anyone remembering to remove an account.

`RAPPORT_BLOCKS_PROVIDER_GROUPS` maps the provider's group values to Wagtail groups (Redaktörer,
Granskare); only those Wagtail groups are ever given or taken here. A group an administrator gave
by hand outside the mapping is left alone, and no claim can give a group the mapping doesn't name.
"""

import logging

from django.contrib.auth.models import Group
from django.db import transaction

from ..conf import rapport_settings

logger = logging.getLogger(__name__)


def provider_values(claims: dict) -> set[str]:
    """The group values in the claims: a list of strings, or one string (some providers)."""
    values = claims.get(rapport_settings.PROVIDER_GROUPS_CLAIM) or []
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list | tuple):
        return set()
    return {value for value in values if isinstance(value, str)}


def roles(claims: dict) -> set[str]:
    """The Wagtail group names the claims give: none unless the mapping names the value."""
    mapping = rapport_settings.PROVIDER_GROUPS
    return {mapping[value] for value in provider_values(claims) if value in mapping}


def managed_groups() -> set[str]:
    return set(rapport_settings.PROVIDER_GROUPS.values())


@transaction.atomic
def apply_roles(user, claims: dict) -> set[str]:
    """Give `user` exactly the mapped groups the claims name, and take the other mapped ones away.

    Returns the names given. A mapped group that doesn't exist in Wagtail is logged and skipped:
    the sign-in must not create groups with no permissions.
    """
    wanted = roles(claims)
    managed = Group.objects.filter(name__in=managed_groups())
    missing = wanted - {group.name for group in managed}
    if missing:
        logger.error("Sign-in: the mapped Wagtail groups %s do not exist", sorted(missing))
    user.groups.remove(*[group for group in managed if group.name not in wanted])
    given = [group for group in managed if group.name in wanted]
    user.groups.add(*given)
    return {group.name for group in given}
