"""The FAQ text layout, read into plain data: pure, no database (docs/import-format.md, "FAQ").

    Frågor och svar om pausen                      the title (the first line)
    An optional introduction: paragraphs and "- " bullets.

    ## Om pausen                                   a category
    F: Varför har införandet pausats?              a question
    S: Styrgruppen vill först rätta felen.         its answer; it continues on the next lines,
    Läs [beslutet](https://intranat.example.se/).  with paragraphs (blank lines), "- " bullets,
    - en punkt                                     **bold**, *italic* and [links](https://…)
    Granskad: 2026-11-02                           optional: when the answer was last reviewed

Every problem is collected with its line, as the report layout's reader does, so a file can be
fixed in one go. Inline text uses the report layout's rules (`text_layout.parse_inline`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..core.text_layout import InvalidLayout, LayoutWarning
from ..core.text_layout.inline import unescape
from ..core.text_layout.interpret import LinkChecks
from ..core.text_layout.reader import decode
from ..core.text_layout.structure import BULLET_MARKS, Inline, LayoutError

CATEGORY = re.compile(r"^##(?!#)\s*(.*)$")
QUESTION = re.compile(r"^F\s*:\s*(.*)$")
ANSWER = re.compile(r"^S\s*:\s*(.*)$")
REVIEWED = re.compile(r"^Granskad\s*:\s*(.*)$", re.IGNORECASE)
DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@dataclass
class Paragraph:
    text: Inline


@dataclass
class BulletList:
    items: list[Inline] = field(default_factory=list)


@dataclass
class Question:
    question: str
    line: int
    answer: list = field(default_factory=list)  # Paragraph and BulletList, in order
    answer_line: int = 0
    reviewed_at: dt.date | None = None
    reviewed_line: int = 0


@dataclass
class Category:
    heading: str
    line: int
    questions: list[Question] = field(default_factory=list)


@dataclass
class ParsedFaq:
    title: str
    title_line: int
    intro: list = field(default_factory=list)
    categories: list[Category] = field(default_factory=list)
    warnings: list[LayoutWarning] = field(default_factory=list)


def _bullet(text: str) -> str | None:
    stripped = text.strip()
    if stripped and stripped[0] in BULLET_MARKS and (len(stripped) == 1 or stripped[1].isspace()):
        return stripped[1:].strip()
    return None


class _Reader(LinkChecks):
    def __init__(self, text: str, today: dt.date):
        if text.startswith("\ufeff"):
            text = text[1:]
        self.lines = [line.rstrip() for line in re.split(r"\r\n|\r|\n", text)]
        self.today = today
        self.errors: list[LayoutError] = []
        self.warnings: list[LayoutWarning] = []

    def error(self, line: int, message) -> None:
        self.errors.append(LayoutError(line, str(message)))

    def add_text(self, blocks: list, text: str, line: int, *, new_paragraph: bool) -> None:
        """One line of an answer or the introduction: a bullet, or part of a paragraph."""
        bullet = _bullet(text)
        if bullet is not None:
            if not bullet:
                self.error(line, _("This bullet is empty."))
                return
            if not blocks or not isinstance(blocks[-1], BulletList):
                blocks.append(BulletList())
            blocks[-1].items.append(self.inline(bullet, line))
        elif new_paragraph or not blocks or not isinstance(blocks[-1], _OpenParagraph):
            blocks.append(_OpenParagraph(text.strip(), line))
        else:
            blocks[-1].text += " " + text.strip()

    def close(self, blocks: list) -> list:
        return [
            Paragraph(self.inline(block.text, block.line)) if isinstance(block, _OpenParagraph) else block
            for block in blocks
        ]

    def read(self) -> ParsedFaq:
        if "\x00" in "".join(self.lines):
            raise InvalidLayout([LayoutError(1, _("This is a binary file, not a text file."))])
        numbered = [(n, line) for n, line in enumerate(self.lines, start=1)]
        content = [(n, line) for n, line in numbered if line.strip()]
        if not content:
            raise InvalidLayout([LayoutError(1, _("The file is empty."))])
        title_line, title = content[0]
        title = title.strip()
        if any(pattern.match(title) for pattern in (CATEGORY, QUESTION, ANSWER, REVIEWED)) or _bullet(title):
            raise InvalidLayout(
                [LayoutError(title_line, _("The FAQ has no title: its first line must be the title."))]
            )
        faq = ParsedFaq(title=unescape(title.lstrip("# ").strip()), title_line=title_line)

        intro: list = []
        category: Category | None = None
        question: Question | None = None
        blank_before = False
        state = "intro"  # "intro", "category" (no question yet), "question", "answer", "reviewed"
        for number, raw in numbered:
            if number <= title_line:
                continue
            text = raw.strip()
            if not text:
                blank_before = True
                continue
            if match := CATEGORY.match(text):
                self.finish(question)
                question = None
                heading = unescape(match.group(1).strip())
                if not heading:
                    self.error(number, _("Write the category's heading after “##”."))
                category = Category(heading=heading, line=number)
                faq.categories.append(category)
                state = "category"
            elif match := QUESTION.match(text):
                self.finish(question)
                question = None
                if category is None:
                    self.error(
                        number, _("This question has no category: write a “## Category” line above it.")
                    )
                    state = "orphan"
                    continue
                wording = unescape(match.group(1).strip())
                if not wording:
                    self.error(number, _("The question is empty: write it after “F:”."))
                question = Question(question=wording, line=number)
                category.questions.append(question)
                state = "question"
            elif match := ANSWER.match(text):
                if state != "question":
                    self.error(
                        number, _("This answer has no question: write “F: question” on the line above it.")
                    )
                    state = "orphan"
                    continue
                question.answer_line = number
                first = match.group(1).strip()
                if first:
                    self.add_text(question.answer, first, number, new_paragraph=True)
                state = "answer"
            elif match := REVIEWED.match(text):
                if state != "answer":
                    self.error(number, _("“Granskad” belongs on the line right after an answer."))
                    continue
                question.reviewed_at = self.date(match.group(1).strip(), number)
                question.reviewed_line = number
                state = "reviewed"
            elif state == "intro":
                self.add_text(intro, text, number, new_paragraph=blank_before)
            elif state == "answer":
                self.add_text(question.answer, text, number, new_paragraph=blank_before)
            elif state == "question":
                self.error(number, _("Write the answer as “S: answer” right after the question."))
                state = "orphan"
            elif state == "reviewed":
                self.error(
                    number,
                    _("This line belongs to no answer: “Granskad” ends one. Start a new question with “F:”."),
                )
            elif state == "category":
                self.error(number, _("Write questions as “F: question” and answers as “S: answer”."))
            blank_before = False
        self.finish(question)
        faq.intro = self.close(intro)

        if not faq.categories and not self.errors:
            self.error(
                content[-1][0], _("The FAQ has no categories: add a “## Category” line and its questions.")
            )
        for each in faq.categories:
            if not each.questions and each.heading:
                self.error(
                    each.line, _("The category “%(heading)s” has no questions.") % {"heading": each.heading}
                )
        if self.errors:
            raise InvalidLayout(self.errors)
        faq.warnings = sorted(self.warnings)
        return faq

    def finish(self, question: Question | None) -> None:
        if question is None:
            return
        question.answer = self.close(question.answer)
        if not question.answer_line:
            self.error(
                question.line,
                _("The question “%(question)s” has no answer: write “S: answer” after it.")
                % {"question": question.question},
            )
        elif not question.answer:
            self.error(question.answer_line, _("The answer is empty: write it after “S:”."))

    def date(self, value: str, line: int) -> dt.date | None:
        match = DATE.match(value)
        try:
            day = dt.date(*(int(part) for part in match.groups())) if match else None
        except ValueError:
            day = None
        if day is None:
            self.error(line, _("Write the review date as “Granskad: 2026-11-02” (a real date)."))
        elif day > self.today:
            self.error(line, _("The review date %(date)s is in the future.") % {"date": day.isoformat()})
            day = None
        return day


@dataclass
class _OpenParagraph:
    text: str
    line: int


def parse(text: str | bytes, *, today: dt.date | None = None) -> ParsedFaq:
    """The FAQ in `text`; raises InvalidLayout listing every problem with its line."""
    if isinstance(text, bytes):
        text = decode(text)
    return _Reader(text, today or dt.date.today()).read()
