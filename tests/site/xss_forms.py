"""Admin form data with a vector in every field, enumerated from the blocks and forms themselves.

A new block field or snippet field gets a vector without a change here; a field of a kind this
module doesn't know fails the test (`UnknownField`), so nothing is silently left out.

Content is built as a small tree (stream: list of (type, dict); struct: dict; list: list; leaf:
`Leaf`), turned into Wagtail's form data, posted, and on a validation error every leaf the form
names is set back to its harmless fallback and the form posted again: what the form refuses is
counted as refused, the rest is stored and then checked on every output.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django import forms
from wagtail import blocks
from wagtail.admin.rich_text import get_rich_text_editor_widget
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtail.test.utils.form_data import nested_form_data

WEBHOOK_URL = "http://127.0.0.1:9/lagesbild"


class UnknownField(TypeError):
    pass


@dataclass
class Leaf:
    value: object
    fallback: object
    vector: str | None = None  # the vector this leaf carries (None: a structural value)

    @property
    def refused(self) -> bool:
        return self.vector is not None and self.value == self.fallback


def contentstate(vector: str, *, list_items: bool, features) -> str:
    """Draftail's contentstate with `vector` as text, as a link entity's url, and as pasted HTML.

    The first two are what a crafted POST can hold (Draftail itself never sends them); the third
    is what Wagtail's own HTML-to-contentstate converter makes of the vector.
    """
    kind = "unordered-list-item" if list_items else "unstyled"
    blocks_ = [
        {"key": "x0", "type": kind, "depth": 0, "text": vector, "entityRanges": [], "data": {},
         "inlineStyleRanges": [{"offset": 0, "length": len(vector), "style": "BOLD"}]},
        {"key": "x1", "type": kind, "depth": 0, "text": "länk", "inlineStyleRanges": [], "data": {},
         "entityRanges": [{"offset": 0, "length": 4, "key": 0}]},
    ]  # fmt: skip
    entities = {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": vector}}}
    widget = get_rich_text_editor_widget("default", features)
    try:
        converted = json.loads(widget.format_value(f"<ul><li>{vector}</li></ul>" if list_items else vector))
    except AssertionError:  # Wagtail's converter gives up on some broken markup ("Unmatched tags")
        converted = {"blocks": [], "entityMap": {}}
    offset = len(entities)
    for number, block in enumerate(converted["blocks"]):
        block["key"] = f"c{number}"
        block["type"] = kind
        block["depth"] = min(block.get("depth", 0), 3)
        # Wagtail's converter leaves a range open (length None) on some broken markup, which its own
        # exporter then refuses with a 500: Draftail never sends such a range, so neither does the test.
        block["inlineStyleRanges"] = [r for r in block["inlineStyleRanges"] if r.get("length") is not None]
        block["entityRanges"] = [r for r in block["entityRanges"] if r.get("length") is not None]
        for entity_range in block["entityRanges"]:
            entity_range["key"] = int(entity_range["key"]) + offset
        blocks_.append(block)
    for key, entity in converted["entityMap"].items():
        entities[str(int(key) + offset)] = entity
    return json.dumps({"blocks": blocks_, "entityMap": entities})


def plain_contentstate(text: str, *, list_items: bool) -> str:
    kind = "unordered-list-item" if list_items else "unstyled"
    block = {"key": "p0", "type": kind, "depth": 0, "text": text, "entityRanges": [], "data": {},
             "inlineStyleRanges": []}  # fmt: skip
    return json.dumps({"blocks": [block], "entityMap": {}})


class Builder:
    """Values for blocks: `vector` in every text field; `choices` for choosers (a model → a pk)."""

    def __init__(self, vector: str, choosers: dict):
        self.vector = vector
        self.choosers = choosers
        self.fields = 0  # leaves that carry the vector

    def carry(self, fallback) -> Leaf:
        self.fields += 1
        return Leaf(self.vector, fallback, self.vector)

    def value(self, block):
        if isinstance(block, blocks.StructBlock):
            return {name: self.value(child) for name, child in block.child_blocks.items()}
        if isinstance(block, blocks.ListBlock):
            return [self.value(block.child_block)]
        if isinstance(block, blocks.StreamBlock):
            return [(name, self.value(child)) for name, child in block.child_blocks.items()]
        if isinstance(block, blocks.RichTextBlock):
            features = block.features
            list_items = (
                features is not None and "ul" in features and "bold" in features and block.name == "bullets"
            )
            self.fields += 1
            return Leaf(
                contentstate(self.vector, list_items=list_items, features=features),
                plain_contentstate("Text", list_items=list_items),
                self.vector,
            )
        if isinstance(block, blocks.ChoiceBlock):
            return Leaf(str(block.get_default() or block.field.choices[0][0]), "")
        if isinstance(block, blocks.DateBlock):
            return Leaf("2025-05-27", "2025-05-27")
        if isinstance(block, SnippetChooserBlock):
            chosen = self.choosers.get(block.target_model)
            if chosen is None and block.required:
                raise UnknownField(f"no {block.target_model.__name__} to choose for {block.name}")
            # An optional chooser beside a list (a shared link collection) is tried in a variant.
            return Leaf(str(chosen) if block.required else "", "")
        if isinstance(block, (blocks.PageChooserBlock, DocumentChooserBlock)):
            return Leaf("", "")
        if isinstance(block, blocks.FieldBlock) and isinstance(block.field, forms.CharField):
            if block.name == "url":  # an address field: its fallback must be an address
                return self.carry("https://intranat.example.se/")
            return self.carry("Text" if block.required else "")
        raise UnknownField(f"{type(block).__name__} {block.name!r}: the XSS test has no value for it")

    def variants(self, block: blocks.StructBlock) -> list[dict]:
        """The struct's value; and where an optional snippet chooser stands beside a list, one with
        the snippet chosen and the list empty (a section takes one or the other)."""
        value = self.value(block)
        out = [value]
        for name, child in block.child_blocks.items():
            if (
                isinstance(child, SnippetChooserBlock)
                and not child.required
                and child.target_model in self.choosers
            ):
                other = dict(value)
                other[name] = Leaf(str(self.choosers[child.target_model]), "")
                for list_name, sibling in block.child_blocks.items():
                    if isinstance(sibling, blocks.ListBlock):
                        other[list_name] = []
                out.append(other)
        return out


def to_form(block, value):
    """The tree as the admin's form posts it (nested: give the result to nested_form_data)."""
    if isinstance(value, Leaf):
        return value.value
    if isinstance(block, blocks.StreamBlock):
        data = {
            str(i): {"type": name, "value": to_form(block.child_blocks[name], child), "deleted": "",
                     "order": str(i), "id": ""}
            for i, (name, child) in enumerate(value)
        }  # fmt: skip
        return {**data, "count": str(len(value))}
    if isinstance(block, blocks.ListBlock):
        data = {
            str(i): {"value": to_form(block.child_block, child), "deleted": "", "order": str(i), "id": ""}
            for i, child in enumerate(value)
        }
        return {**data, "count": str(len(value))}
    if isinstance(block, blocks.StructBlock):
        return {name: to_form(block.child_blocks[name], child) for name, child in value.items()}
    raise UnknownField(type(block).__name__)


def fall_back(block, value, errors: dict) -> int:
    """Set every leaf the form's errors (Wagtail's as_json_data) name to its fallback; how many."""
    if isinstance(value, Leaf):
        if value.value != value.fallback:
            value.value = value.fallback
            return 1
        return 0
    count = 0
    children = errors.get("blockErrors") or {}
    if errors.get("messages") and not children:  # the whole struct is wrong: all of it falls back
        for leaf in leaves(value):
            count += fall_back(None, leaf, {})
        return count
    for key, error in children.items():
        if isinstance(block, blocks.StreamBlock):
            name, child = value[int(key)]
            count += fall_back(block.child_blocks[name], child, error)
        elif isinstance(block, blocks.ListBlock):
            count += fall_back(block.child_block, value[int(key)], error)
        elif isinstance(block, blocks.StructBlock):
            count += fall_back(block.child_blocks[key], value[key], error)
    return count


def leaves(value):
    if isinstance(value, Leaf):
        yield value
    elif isinstance(value, dict):
        for child in value.values():
            yield from leaves(child)
    elif isinstance(value, list):
        for child in value:
            yield from leaves(child[1] if isinstance(child, tuple) else child)


def stream_errors(response, field: str) -> dict | None:
    form = response.context["form"]
    if field not in form.errors:
        return None
    return form.errors[field].data[0].as_json_data()


def flat(data: dict) -> dict:
    return nested_form_data(data)


# Plain (non-block) form fields: page and snippet forms


def field_value(name: str, field, vector: str):
    """(value, fallback) for one form field, or None for a field this test leaves alone."""
    if isinstance(field, forms.BooleanField):
        return ("on", "on") if field.initial else None  # as the form starts: a new list is active
    if isinstance(field, forms.ModelMultipleChoiceField):
        return None
    if isinstance(field, forms.ModelChoiceField):  # a required one (a webhook's series): the first
        chosen = field.queryset.first() if field.required else None
        return (str(chosen.pk), str(chosen.pk)) if chosen else None
    if isinstance(field, forms.EmailField):
        return vector, "person@example.se"
    if isinstance(field, (forms.DateTimeField, forms.DateField, forms.TimeField)):
        return None
    if isinstance(field, forms.SlugField):
        return None  # the test names its pages; a vector is no slug
    if isinstance(field, forms.ChoiceField):  # a format: a vector is no choice, the first one is
        first = next(value for value, _label in field.choices if value)
        return vector, first
    if isinstance(field, forms.URLField) or name == "url":  # a webhook's (the test allows 127.0.0.1)
        return vector, WEBHOOK_URL
    if isinstance(field, forms.CharField) and type(field.widget).__name__ == "DraftailRichTextArea":
        features = getattr(field.widget, "features", None)
        return contentstate(vector, list_items=False, features=features), plain_contentstate(
            "Text", list_items=False
        )
    if isinstance(field, forms.CharField):
        if name == "addresses":
            return vector, "mottagare@example.se"
        return vector, "Text"
    raise UnknownField(f"form field {name!r} ({type(field).__name__}): the XSS test has no value for it")
