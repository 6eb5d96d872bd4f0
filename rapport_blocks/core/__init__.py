"""Layer 4, the pure core: dates, links, rich lists, the sanitiser and the text layout.

Imports no other layer and nothing of Django's ORM (django.db, wagtail.models); import-linter
keeps it so (pyproject.toml, docs/architecture.md, "Layers").
"""
