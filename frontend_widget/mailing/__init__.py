"""The e-mail channel: a published report to its distribution lists, exactly once per address.

- `channel`: the outbox channel (frontend_widget.outbox): targets, rule, render once, send.
- `message`: the e-mail (subject, headers, HTML and plain-text parts) from the presented report.
- `smtp`: Django's SMTP backend, telling a refused message from one whose delivery is unknown.
- `views`: the "E-post" preview.
"""
