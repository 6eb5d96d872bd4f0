"""Editors write bullets in Wagtail admin as in a word processor, and the delivery sees the nesting.

Issue 2 promises it for the bullet section's Draftail field: "- " starts a list, Enter adds a
bullet, Tab and Shift+Tab indent and outdent, and a list pasted from Word keeps its levels.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect

from rapport_blocks.core.rich_lists import parse_bullets
from rapport_blocks.models import RapportPage
from tests import factories


def tree(bullets) -> list:
    return [[bullet.html, tree(bullet.children)] for bullet in bullets]


@pytest.fixture
def editor(page, context, cms, settings):
    """A logged-in editor on a new report's form with a bullet section added: its Draftail field."""
    # Wagtail 8 autosaves the new page while the test types; its request and the "Spara utkast"
    # below could then both create the page. These tests are about the list, not about autosave.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    series = factories.make_series(title="Lägesbild test", slug="lagesbild")
    user = get_user_model().objects.create_superuser("redaktor", "redaktor@example.se", "hemligt")
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": cms.url}])
    page.goto(f"{cms.url}/admin/pages/add/rapport_blocks/rapportpage/{series.pk}/")
    page.get_by_role("textbox", name=re.compile(r"^Titel")).fill("Regional rapport")
    page.get_by_title("Lägg till ett block").click()
    page.get_by_role("option", name="Punktlista").click()
    page.get_by_role("textbox", name=re.compile(r"^Rubrik")).fill("Sammanfattning")
    field = page.locator("[data-contentpath='bullets'] .public-DraftEditor-content")
    field.click()
    return field


def save_draft(page, last_text: str) -> list:
    """Save a draft (once Draftail has stored `last_text` in its form field); the saved bullet tree."""
    # Draftail writes its form field a moment after a change: submitting earlier would lose typing.
    expect(page.locator("input[name='body-0-value-bullets']")).to_have_value(re.compile(re.escape(last_text)))
    page.get_by_role("button", name="Spara utkast").click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
    body = RapportPage.objects.get().get_latest_revision_as_object().body
    assert [block.block_type for block in body] == ["bullets"]
    assert body[0].value["heading"] == "Sammanfattning"
    return tree(parse_bullets(body[0].value["bullets"].source))


def test_typed_bullets_nest_with_tab_and_shift_tab(page, editor):
    keyboard = page.keyboard
    keyboard.type("- Första")  # "- " starts a list
    keyboard.press("Enter")
    keyboard.press("Tab")
    keyboard.type("Barn ett")
    keyboard.press("Enter")
    keyboard.type("Barn två")
    keyboard.press("Enter")
    keyboard.press("Tab")
    keyboard.type("Barnbarn")
    keyboard.press("Enter")
    keyboard.press("Shift+Tab")
    keyboard.press("Shift+Tab")
    keyboard.type("Andra")

    assert save_draft(page, "Andra") == [
        ["Första", [["Barn ett", []], ["Barn två", [["Barnbarn", []]]]]],
        ["Andra", []],
    ]


def paste_html(field, html: str):
    """Paste as a browser does: a paste event whose clipboard holds HTML and its plain text."""
    field.evaluate(
        """(target, html) => {
            const data = new DataTransfer();
            data.setData('text/html', html);
            data.setData('text/plain', new DOMParser().parseFromString(html, 'text/html').body.textContent);
            const paste = new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true});
            target.dispatchEvent(paste);
        }""",
        html,
    )


def test_a_pasted_nested_list_keeps_its_levels(page, editor):
    paste_html(editor, "<ul><li>Ett<ul><li>Två<ul><li>Tre</li></ul></li></ul></li><li>Fyra</li></ul>")

    assert save_draft(page, "Fyra") == [["Ett", [["Två", [["Tre", []]]]]], ["Fyra", []]]


# Word's default bullet per level: "·" in Symbol, "o" in Courier New, "§" in Wingdings.
WORD_BULLETS = {1: ("Symbol", "·"), 2: ("Courier New", "o"), 3: ("Wingdings", "§")}


def word_item(level: int, text: str) -> str:
    """One list paragraph as Word puts it on the clipboard: no <ul>, a level in mso-list."""
    font, glyph = WORD_BULLETS[level]
    return (
        f"<p class=MsoListParagraph style='margin-left:{36 * level}pt;text-indent:-18pt;"
        f"mso-list:l0 level{level} lfo1'><![if !supportLists]><span style='font-family:{font}'>{glyph}"
        f"<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp; </span></span><![endif]>{text}</p>"
    )


def test_a_list_pasted_from_word_keeps_its_levels(page, editor):
    html = word_item(1, "Ett") + word_item(2, "Två") + word_item(3, "Tre") + word_item(1, "Fyra")
    paste_html(editor, f"<html><body>{html}</body></html>")

    assert save_draft(page, "Fyra") == [["Ett", [["Två", [["Tre", []]]]]], ["Fyra", []]]
