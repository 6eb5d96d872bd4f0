"""Helpers of the subscription tests that read the e-mails of Django's locmem backend."""

import re
from urllib.parse import urlsplit

SENT_ANSWER = "Om adressen kan prenumerera är ett e-brev med en länk på väg dit."


def link(message, word: str) -> str:
    """The path of the one link in a (plain-text) e-mail that contains `word`."""
    [url] = [url for url in re.findall(r"https?://\S+", message.body) if word in url]
    return urlsplit(url).path


def confirmation_link(message) -> str:
    return link(message, "/prenumerera/bekrafta/")
