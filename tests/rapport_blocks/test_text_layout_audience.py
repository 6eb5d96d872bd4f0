"""The text layout marks a section for the e-mail only with “[Endast utskick]” after its heading."""

from rapport_blocks.core import text_layout as layout

REPORT = """\
Testrapport

Sammanställd: 2025-05-27 klockan 08:30

Läget
- Allt går enligt plan.

Ledningens bedömning [endast utskick]
- Budgeten är ansträngd.

Om rapporten  [Endast utskick]
Bara för ledningen.

# Kontakt \\[Endast utskick]
Skriv till oss.
"""


def test_the_marker_sets_the_audience_and_leaves_the_heading():
    report = layout.parse(REPORT)
    assert [(s.heading, s.kind, s.audience) for s in report.sections] == [
        ("Läget", "bullets", "all"),
        ("Ledningens bedömning", "bullets", "mailing"),
        ("Om rapporten", "text", "mailing"),
        ("Kontakt [Endast utskick]", "text", "all"),
    ]


def test_export_writes_the_marker_and_reads_back_the_same():
    report = layout.parse(REPORT)
    text = layout.write(report)
    assert "Ledningens bedömning [Endast utskick]\n" in text
    assert "# Kontakt \\[Endast utskick]\n" in text
    assert layout.parse(text).sections == report.sections


def test_a_heading_that_is_only_the_marker_stays_a_heading_for_everyone():
    text = "Testrapport\n\nSammanställd: 2025-05-27 klockan 08:30\n\n[Endast utskick]\n- En punkt\n"
    report = layout.parse(text)
    assert [(s.heading, s.audience) for s in report.sections] == [("[Endast utskick]", "all")]
