"""Rich-text lists as trees: what every channel shows as items with children."""

from rapport_blocks.core.rich_lists import bullets_problem, parse_bullets


def tree(html: str) -> list:
    return [bullet.as_dict() for bullet in parse_bullets(html)]


def test_nesting_is_kept_to_any_depth():
    html = "<ul><li>a<ul><li>b<ul><li>c</li></ul></li><li>b2</li></ul></li><li>d</li></ul>"
    assert tree(html) == [
        {
            "html": "a",
            "children": [
                {"html": "b", "children": [{"html": "c", "children": []}]},
                {"html": "b2", "children": []},
            ],
        },
        {"html": "d", "children": []},
    ]


def test_escaped_characters_stay_escaped():
    assert tree("<ul><li>3 &lt; 4 &amp; &lt;b&gt;ej fet&lt;/b&gt; <b>fet</b></li></ul>") == [
        {"html": "3 &lt; 4 &amp; &lt;b&gt;ej fet&lt;/b&gt; <b>fet</b>", "children": []}
    ]


def test_a_list_nested_without_parent_text_joins_the_bullet_above():
    assert tree("<ul><li>a</li><li><ul><li>b</li></ul></li></ul>") == [
        {"html": "a", "children": [{"html": "b", "children": []}]}
    ]


def test_text_outside_the_list_is_a_problem_not_lost():
    assert bullets_problem("<ul><li>a</li></ul><p>stray</p>") is not None
    assert bullets_problem("<ul><li>a</li></ul>") is None
