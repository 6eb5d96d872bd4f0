"""The pre-warm: after a publish commits, the answers its first visitors ask for are made at once.

`warming` makes them (the requests a visitor would make, through the site's own handler);
`channel` is how a publication asks for them: a channel of the outbox, ordered first.
"""
