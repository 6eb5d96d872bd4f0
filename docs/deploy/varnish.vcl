# Varnish in front of the Lägesbild instances (docs/deployment.md). Varnish 7 (Debian's `varnish`).
#
# - Caches what the app marks public, for as long as its Cache-Control says: with a purger
#   configured (LAGESBILD_PURGE_URLS) the API says s-maxage=86400, and the app purges on publish.
# - PURGE only from the `purgers` allowlist; it bans every cached answer of that host and path,
#   whatever its query (?series=, ?page=, the embed's ?sections=), Origin or encoding.
# - Never caches a request with a Cookie or Authorization header, nor an answer that sets a cookie
#   or says private / no-store / no-cache. The admin (and with it every preview), the password
#   form of private pages and /healthz always go straight to an instance.
vcl 4.1;

import directors;

# The app instances (gunicorn). Add one backend per instance and to the director below.
backend app1 {
    .host = "127.0.0.1";
    .port = "8000";
    .probe = {
        .url = "/healthz";
        .interval = 5s;
        .timeout = 2s;
        .window = 5;
        .threshold = 3;
    }
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new instances = directors.round_robin();
    instances.add_backend(app1);
}

sub vcl_recv {
    set req.backend_hint = instances.backend();
    unset req.http.x-lb-host;
    unset req.http.x-lb-path;

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "PURGE is not allowed from here"));
        }
        ban("obj.http.x-lb-host == " + req.http.host + " && obj.http.x-lb-path == " + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin and its previews, the password and login forms of private pages, the health check.
    if (req.url ~ "^/(admin|_util|healthz)(/|\?|$)") {
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie) {
        return (pass);
    }
    return (hash);
}

sub vcl_backend_response {
    # What a PURGE bans by (not sent to clients).
    set beresp.http.x-lb-host = bereq.http.host;
    set beresp.http.x-lb-path = regsub(bereq.url, "\?.*$", "");
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "(private|no-store|no-cache)" || beresp.http.Vary == "*") {
        # Remember for a while that this address is not cacheable (hit-for-miss).
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    if (beresp.status >= 500) {
        set beresp.ttl = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }
}

sub vcl_deliver {
    unset resp.http.x-lb-host;
    unset resp.http.x-lb-path;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
