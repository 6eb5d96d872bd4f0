"""The delivery's settings, each with its one default (README, "Settings").

Every module reads them through `delivery_settings`, never from django.conf.settings, so a host
project that sets none of them gets a working delivery, and the defaults live in one place:

    from frontend_widget.conf import delivery_settings
    delivery_settings.CACHE_CONTROL

A project overrides one by setting `LAGESBILD_<NAME>` (for example `LAGESBILD_CACHE_CONTROL`).
A changed setting (override_settings, pytest-django's `settings` fixture) is seen at once.
"""

from rapport_blocks.conf import PluginSettings

PREFIX = "LAGESBILD_"

DEFAULTS = {
    # The Cache-Control of the API's answers, the iframe page's and oEmbed's.
    "CACHE_CONTROL": "public, max-age=60, stale-while-revalidate=600",
    # The cache (an alias of CACHES) that every worker shares: entries and the generation token.
    "CACHE_ALIAS": "default",
    # How long a worker may serve its own copy of the shared cache's entries, in seconds: a
    # publish shows everywhere within this (plus a request).
    "LOCAL_CACHE_SECONDS": 0.5,
    # Reports per page of /api/lagesbild/.
    "API_PAGE_SIZE": 20,
    # Requests per client address: "N/second|minute|hour|day", or "off".
    "THROTTLE_RATE": "6000/minute",
    # Where the throttle counts: a CACHES alias shared by all workers, or "local" (each worker's memory).
    "THROTTLE_CACHE": "local",
    # Brotli quality (0-11) of the compressed copies stored with each cached answer.
    "BROTLI_QUALITY": 6,
    # The outbox's channels (frontend_widget/outbox/channels.py), dotted paths of Channel classes, in
    # the order each publication's sending runs; a host may add its own or drop one. The pre-warm
    # first: the others bring the visitors, who then find the answers made. The PDF before the
    # e-mail: it attaches the copy stored (and renders it itself if it is not there yet).
    "CHANNELS": [
        "frontend_widget.prewarm.channel.PrewarmChannel",
        "frontend_widget.pdf.channel.PdfChannel",
        "frontend_widget.mailing.channel.EmailChannel",
        "frontend_widget.webhooks.channel.WebhookChannel",
        # The series' self-service subscribers: the public report, after the e-mail to the lists.
        "frontend_widget.mailing.subscribers.SubscriberChannel",
    ],
    # Hosts and networks a webhook may reach although they are not public (loopback, private,
    # link-local, unique-local), and over http: names ("hooks.intra.example.se") or networks
    # ("10.20.0.0/16", "::1"). A list, or one comma-separated string (the environment's form).
    "WEBHOOK_ALLOW_HOSTS": [],
    # The e-mail's Reply-To addresses (a list); empty: none.
    "EMAIL_REPLY_TO": [],
    # E-mail a live report to its lists whatever view restriction it is under (a site behind a
    # login); False: only reports the public may see are e-mailed (the behaviour before 2026-12).
    "EMAIL_RESTRICTED_REPORTS": True,
    # The contact that the List-Unsubscribe header names; empty: the first Reply-To, else DEFAULT_FROM_EMAIL.
    "EMAIL_UNSUBSCRIBE": "",
    # Self-service subscriptions (docs/subscriptions.md). The domains an address may have to
    # subscribe ("region.se" also admits "sub.region.se"): a list, or one comma-separated string;
    # empty: any address.
    "SUBSCRIBE_DOMAINS": [],
    # How long a confirmation link is valid, in hours.
    "SUBSCRIBE_CONFIRM_HOURS": 48,
    # The form's throttles ("N/second|minute|hour|day"): requests per client address, and per
    # e-mail address. Beyond these, an address gets at most one e-mail from the form a day.
    "SUBSCRIBE_RATE_CLIENT": "20/hour",
    "SUBSCRIBE_RATE_ADDRESS": "5/hour",
    # How long the public pages (report, series and home pages, feeds) are kept rendered at most,
    # in seconds, within one generation (frontend_widget/page_cache.py); 0: rendered per request.
    "PAGE_CACHE_SECONDS": 300,
    # Where visitors reach the site ("https://lagesbild.example.se"), for the pre-warm after a
    # publish (prewarm/); empty: the root URL of each Wagtail site.
    "PREWARM_ORIGINS": [],
    # Names this release in the keys of the rendered pages shared between processes (a commit id,
    # a version); a digest of the installed code and templates is added to it (release.py).
    "RELEASE": "",
    # The page types (app_label.ModelName) and URL names whose anonymous answers page_cache keeps.
    "PAGE_CACHE_TYPES": [
        "rapport_blocks.RapportPage",
        "rapport_blocks.RapportIndexPage",
        "rapport_blocks.FaqPage",
        "cms.HomePage",
    ],
    "PAGE_CACHE_VIEWS": ["lagesbild-feed-rss", "lagesbild-feed-atom"],
    # Mounts the comparison views that bench/ measures against; never on in production.
    "BENCH": False,
    # With BENCH only: pieces of the hot path turned off to measure their cost ("etag", ...).
    "BENCH_WITHOUT": [],
}

delivery_settings = PluginSettings(PREFIX, DEFAULTS)
