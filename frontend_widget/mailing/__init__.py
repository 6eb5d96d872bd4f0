"""The e-mail channel: a published report to its distribution lists, exactly once per address.

- `message`: the e-mail (subject, headers, HTML and plain-text parts) from the presented report.
- `dispatch`: the dispatch log's claims, sends, failures and retries (no Django request involved).
- `tasks`: the django-tasks task that runs a dispatch, and the record of a failed task.
- `publishing`: which publications start a dispatch (page_published, live, on commit).
- `views`: the admin's "Utskick" page per report and the "E-post" preview.
"""
