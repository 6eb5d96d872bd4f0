"""The outbox: every channel's "after the publish commits, exactly once, retried, visible in Utskick".

- `events`: which changes of a report are events; the event and its deliveries are written in the
  change's own transaction, and sending starts on commit.
- `channels`: what a channel is (targets, rule, prepare, send, `Outcome`) and which a site has
  (LAGESBILD_CHANNELS).
- `sending`: claims, the visibility rule before each send, outcomes, stale claims, retries.
- `backoff`: exponential backoff with jitter, for about a day.
- `tasks`: the django-tasks task per (event, channel), its recorded outcome, `resume_all`.
- `views`: the admin's "Utskick" page per report, with its retries.

The rows are the plugin's (`rapport_blocks.outbox`); docs/architecture.md, "The outbox", tells how
a channel plugs in.
"""
