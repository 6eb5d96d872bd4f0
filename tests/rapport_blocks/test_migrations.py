"""The plugin's migrations match its models on every supported Wagtail and Django (the matrix runs
this in each leg's plugin-only pass): a site that upgrades either is never asked to make a migration
of the plugin's."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db  # makemigrations reads the applied migrations
def test_the_models_need_no_new_migration():
    out = io.StringIO()
    call_command("makemigrations", "rapport_blocks", "--check", "--dry-run", stdout=out, stderr=out)
    assert "No changes detected" in out.getvalue(), out.getvalue()
