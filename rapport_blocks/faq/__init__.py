"""The FAQ: a page of categorised questions and answers that maintainers keep current.

Content, so it lives in the plugin beside the reports (its API and embed are delivery's):

| Module | Its one job |
|---|---|
| `anchors` | each question's stable anchor: made once, unique on the page, never changed by edits |
| `blocks` | the category and question blocks |
| `models` | `FaqPage` and the per-question search rows |
| `presentation` | an FAQ page as the contract's plain data, and its schema.org JSON-LD |
| `search` | Wagtail search over questions and answers, with Swedish stemming where the database has none |
| `layout`, `importing` | the FAQ text layout (pure) and `import_faq` |
| `review` | which answers are getting old ("FAQ att granska") |
"""
