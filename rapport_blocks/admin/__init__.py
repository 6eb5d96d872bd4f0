"""Layer 1, the editors' screens in Wagtail's admin: views, dashboard, listing, snippets, middleware.

Registered by `rapport_blocks.wagtail_hooks` (Wagtail looks for that module at the app's root). May
import every layer below; nothing below imports it (docs/architecture.md, "Layers").
"""
