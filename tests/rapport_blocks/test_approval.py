"""An editor submits the report; a second person approves it, and only then is it published and numbered."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from rapport_blocks.models import RapportPage

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def member(username: str, group: str):
    user = get_user_model().objects.create_user(username=username, password="x-lösen-123")
    user.groups.add(Group.objects.get(name=group))
    return user


def test_a_moderator_approves_what_an_editor_submits(make_report):
    editor, approver = member("redaktor", "Editors"), member("granskare", "Moderators")
    draft = make_report(publish=False)
    assert draft.permissions_for_user(editor).can_edit()
    assert not draft.permissions_for_user(editor).can_publish()

    workflow = draft.get_workflow()
    assert workflow is not None, "Wagtail's default moderation workflow covers the report series"
    state = workflow.start(draft, editor)
    assert RapportPage.objects.get(pk=draft.pk).live is False

    task_state = state.current_task_state
    assert task_state.task.specific.user_can_access_editor(draft, approver)
    task_state.task.specific.on_action(task_state, approver, "approve")

    published = RapportPage.objects.get(pk=draft.pk)
    assert published.live and published.number == 1
