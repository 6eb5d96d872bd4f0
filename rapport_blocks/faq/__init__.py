"""The FAQ: a page of categorised questions and answers that maintainers keep current.

Content, so it lives in the plugin beside the reports (its API and embed are delivery's). Each
module sits in one of the plugin's layers (docs/architecture.md, "Layers"; pyproject.toml):

| Module | Layer | Its one job |
|---|---|---|
| `views`, `admin_urls` | 1 admin | "FAQ att granska", its dashboard panel, the link picker's questions |
| `models` | 2 pages | `FaqPage` and the per-question search rows |
| `importing` | 2 pages | `import_faq`: the FAQ text layout into a page |
| `presentation` | 3 rules | an FAQ page as the contract's plain data, and its schema.org JSON-LD |
| `search` | 3 rules | Wagtail search over questions and answers; Swedish stems where the database has none |
| `review` | 3 rules | which answers are getting old ("FAQ att granska") |
| `anchors` | 4 core | each question's stable anchor: made once, unique on the page, never changed by edits |
| `blocks` | 4 core | the category and question blocks |
| `layout` | 4 core | the FAQ text layout (pure) |
| `links` | 4 core | report → FAQ question links: page id + anchor |
"""
