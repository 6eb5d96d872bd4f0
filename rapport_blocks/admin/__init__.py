"""Layer 1, the editors' screens in Wagtail's admin: views, dashboard, listing, snippets, middleware,
and who may enter it (the Wagtail groups a sign-in gives: provider_roles).

Registered by `rapport_blocks.wagtail_hooks` (Wagtail looks for that module at the app's root). May
import every layer below; nothing below imports it (docs/architecture.md, "Layers").
"""
