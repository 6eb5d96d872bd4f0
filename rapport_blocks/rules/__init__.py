"""Layer 3, the rules that read content: visibility, presentation, changes, archive, cadence, editorial.

A rule is handed pages, querysets or presented data and never imports a model of the plugin, so
models may call it and it can be tested without the admin (docs/architecture.md, "Layers").
"""
