"""Helpers of the subscription tests: the links out of the e-mails a real SMTP server received."""

import email.policy
import re
from email import message_from_bytes
from urllib.parse import urlsplit

LINK = re.compile(r"https?://\S+")


def parsed(message):
    """An e-mail as the server received it, read with the modern policy (decoded headers, parts)."""
    return message_from_bytes(message.as_bytes(), policy=email.policy.default)


def header(message, name: str) -> str:
    """A header as a mail client reads it. Django 5.2 folds a long header right after its name
    ("Subject: " with the words on the next line), and Python's parser keeps that fold's space."""
    return str(parsed(message)[name]).strip()


def text_of(message) -> str:
    message = parsed(message)
    body = message.get_body(("plain",)) if message.is_multipart() else message
    return body.get_content()


def link_in(message, word: str) -> str:
    """The path of the one link in the e-mail's text that contains `word`."""
    [url] = [url for url in LINK.findall(text_of(message)) if word in url]
    return urlsplit(url).path


def received_by(server, address: str) -> list:
    return [message for to, message in server.handler.received if to == address]
