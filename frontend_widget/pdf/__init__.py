"""The PDF channel: each published report as a tagged PDF/A, stored, served and archived (docs/pdf.md).

- `document`: the presented report → the PDF's HTML (the page's templates, print.css) and metadata.
- `engine`, `fetcher`: WeasyPrint on the system's Pango, PDF/A-2b with PDF/UA-1; only the site's files.
- `copies`: the stored copies (rapport_blocks.pdf_archive.ArchivedPdf), one per content.
- `channel`, `publishing`: the outbox's "pdf" channel, whose run calls `render_publication`.
- `tasks`: the render of a stale copy, as a django-tasks task.
- `views`, `admin_views`: `<report>pdf/`, and the admin's "PDF-arkiv".
"""
