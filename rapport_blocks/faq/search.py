"""Searching the FAQ: Wagtail search over each published question and its answer.

Each question is a row (`FaqSearchEntry`), so a hit is one question and links to its anchor.
PostgreSQL searches the plain text with `WAGTAILSEARCH_BACKENDS[...]["SEARCH_CONFIG"] = "swedish"`
(the host project sets it when DATABASE_URL is PostgreSQL): Swedish stemming and stop words.
Other databases (SQLite) have no Swedish, and "avgifter" would not find "avgift": there the rows
also hold the text as Swedish Snowball stems (`snowballstemmer`), and the query is stemmed the
same way. Either way text is NFC-normalised and case-folded first, so å, ä and ö match whatever
their case and however the keyboard composed them.

Public searches go through the one visibility rule (`FaqPage.visible_questions`, which asks
`matching` here); a page's own search box searches only that page, which Wagtail has already
decided the visitor may see. A rule (layer 3): the rows are reached through the page they belong
to (`page.search_entries`), so this module names no model.
"""

import re
import unicodedata
from functools import cache

import snowballstemmer
from bs4 import BeautifulSoup
from django.db import connection
from wagtail.search.backends import get_search_backend

from .anchors import questions

MAX_QUERY = 200
_WORD = re.compile(r"\w+")
# Words too common to narrow a search down; every word of a query must match (AND).
STOP_WORDS = frozenset(
    "och att det som en ett i på är av för med till den de om har inte jag vi ni du man kan "
    "hur vad var när vilka vilken vilket ska skall får finns min mitt mina sin sitt sina "
    "eller så men från vid efter under".split()
)


@cache
def _stemmer():
    return snowballstemmer.stemmer("swedish")


def fold(text: str) -> str:
    """NFC (a decomposed "a" + ring is "å") and case folding ("Å" is "å")."""
    return unicodedata.normalize("NFC", text or "").casefold()


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def stems(text: str) -> str:
    """The text as Swedish stems, space-separated: "Avgifterna" → "avgift"."""
    return " ".join(_stemmer().stemWords(words(text)))


def clean_query(raw: str) -> str:
    """The query as typed, trimmed, without control characters, at most MAX_QUERY characters."""
    raw = "".join(char for char in (raw or "") if char.isprintable())
    return " ".join(raw.split())[:MAX_QUERY]


def normalised_query(query: str) -> str:
    """The query as this database's search receives it (also the cache key of a search)."""
    kept = [word for word in words(query) if word not in STOP_WORDS] or words(query)
    if _native_swedish():
        return " ".join(kept)
    return " ".join(_stemmer().stemWords(kept))


def _native_swedish() -> bool:
    return connection.vendor == "postgresql"


# Writing the rows


def answer_text(html: str) -> str:
    """The answer's words: "<li>Licenser</li><li>Drift</li>" is "Licenser Drift", not "LicenserDrift"."""
    return " ".join(BeautifulSoup(html or "", "html.parser").get_text(" ").split())


def reindex(page) -> None:
    """Rewrite the search rows of `page` from its live row: every question when live, none otherwise."""
    page.search_entries.all().delete()
    if not page.live:
        return
    for position, question in enumerate(questions(page.body)):
        text = answer_text(question["answer"].source)
        page.search_entries.create(
            anchor=question["anchor"],
            position=position,
            question=question["question"],
            answer_text=text,
            search_text=stems(f"{question['question']} {text}"),
        )


# Searching


def matching(entries, query: str):
    """The search rows among `entries` (a queryset of them) that match `query`, best first."""
    query = normalised_query(query)
    if not query:
        return entries.none()
    if _native_swedish():
        return get_search_backend().search(query, entries, fields=["question", "answer_text"], operator="and")
    # SQLite's full-text index has one body column per row (no field choice): the stems are in it.
    return get_search_backend().search(query, entries, operator="and")


def page_matches(page, query: str) -> set[str]:
    """Anchors of this page's published questions that match `query` (the page's own search box)."""
    if page.pk is None:  # a new page in preview: nothing of it is published
        return set()
    return {entry.anchor for entry in matching(page.search_entries.all(), query)}
