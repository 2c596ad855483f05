# Varnish 7 (Debian 12's `varnish` 7.1) in front of nginx: the site's shared
# cache. deploy/stack.sh replaces ${NGINX_PORT} before loading it.
#
# The rule is plain HTTP caching: what the origin's Cache-Control allows is
# stored, for as long as it says (s-maxage), and nothing else. Every response says what the
# cache did, in `X-Cache`:
#   HIT        served from the cache, fresh
#   HIT-STALE  served from the cache after its lifetime: within the origin's
#              stale-while-revalidate (a refetch runs in the background), or
#              within stale-if-error while nginx reports no ready instance
#   MISS       fetched from the origin for this request (and stored, if
#              allowed); also on Varnish's 503 when the origin could not answer
#              and nothing was stored
#   PASS       never looked up nor stored: signed in, not GET/HEAD, or `/`
#   SYNTH      made by Varnish itself in vcl_synth (400 for a request without
#              Host, 405 for PRI)
# X-Stale-Mode is this file's own request header (a client's is removed); it
# reaches nginx and the app, which ignore it.
vcl 4.1;

import std;

# nginx answers /readyz from any instance whose database answers (it tries the
# other on a 503), so this probe fails only when no instance is ready: that is
# when stale-if-error applies.
probe readyz {
    .url = "/readyz";
    .interval = 1s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

backend nginx {
    .host = "127.0.0.1";
    .port = "${NGINX_PORT}";
    .probe = readyz;
    .connect_timeout = 2s;
    # The app answers within 30 s or says 408 (README, "Slow clients").
    .first_byte_timeout = 35s;
    .between_bytes_timeout = 15s;
}

sub vcl_recv {
    # Headers only this file may set, never a client.
    if (req.restarts == 0) {
        unset req.http.X-Stale-Mode;
    }
    # One address, the client's, not a chain a client could start: nginx
    # trusts it from here (set_real_ip_from) and the app reads the last entry.
    set req.http.X-Forwarded-For = client.ip;

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Anything personal is never looked up nor stored: a session cookie or an
    # API token.
    if (req.http.Authorization || req.http.Cookie ~ "(^|;)\s*summit_session=") {
        return (pass);
    }
    # `/` redirects by the language cookie and Accept-Language (`private`).
    if (req.url ~ "^/(\?|$)") {
        return (pass);
    }
    # Every other cookie (the language choice, analytics) changes nothing
    # that is stored: drop them, so anonymous visitors share one copy.
    unset req.http.Cookie;

    # After a restart from vcl_hit (see there): a stale copy past the origin's
    # stale-while-revalidate is not served while nginx is ready...
    if (req.http.X-Stale-Mode == "fresh") {
        set req.grace = 0s;
    }
    # ...and in mode "if-error" it is (the fresh fetch failed): the object's
    # own grace again (req.grace outlives a restart).
    if (req.http.X-Stale-Mode == "if-error") {
        set req.grace = 100y;
    }
    # The built-in rules follow (Host, odd methods).
}

sub vcl_hit {
    if (obj.ttl >= 0s) {
        set req.http.X-Cache = "HIT";
        return (deliver);
    }
    # Stale. Its grace is the origin's stale-if-error; its stale-while-
    # revalidate is in X-Swr (vcl_backend_response). Past the latter, with
    # nginx ready, fetch a fresh copy first.
    if (obj.http.X-Swr && req.http.X-Stale-Mode != "if-error" &&
        std.healthy(req.backend_hint) &&
        obj.ttl + std.duration(obj.http.X-Swr + "s", 0s) <= 0s) {
        set req.http.X-Stale-Mode = "fresh";
        return (restart);
    }
    # Within stale-while-revalidate, or nginx not ready: the stale copy now,
    # a background fetch replaces it.
    set req.http.X-Cache = "HIT-STALE";
    return (deliver);
}

sub vcl_miss {
    set req.http.X-Cache = "MISS";
}

sub vcl_pass {
    set req.http.X-Cache = "PASS";
}

sub vcl_backend_fetch {
    # X-Cache is the client's answer's; X-Stale-Mode stays (read below).
    unset bereq.http.X-Cache;
}

sub vcl_backend_response {
    # A stale copy is kept when its refetch fails (the origin's 5xx, or no
    # answer: vcl_backend_error): abandoning leaves the stored object as it is.
    if (beresp.status >= 500 && (bereq.is_bgfetch || bereq.http.X-Stale-Mode == "fresh")) {
        return (abandon);
    }
    # Never stored: a response that sets a cookie, says private, no-store or
    # no-cache, varies on everything, or says nothing about caching (Varnish
    # would otherwise keep it for default_ttl, 2 minutes, and an edit would
    # not show). They become "hit-for-miss" markers for 2 minutes: later
    # requests go to the origin straight away, without waiting in line.
    if (beresp.http.Set-Cookie ||
        beresp.http.Cache-Control ~ "(?i)(^|[ ,])(private|no-store|no-cache)($|[ ,=])" ||
        beresp.http.Vary == "*" ||
        (!beresp.http.Cache-Control && !beresp.http.Expires)) {
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # Varnish 7 already sets beresp.grace from Cache-Control's
    # stale-while-revalidate (checked by deploy/default.vtc). Remember it, and
    # keep the object for the longer stale-if-error: vcl_hit serves that extra
    # time only while nginx is not ready.
    if (beresp.ttl > 0s && beresp.http.Cache-Control ~ "(?i)stale-if-error=[0-9]+") {
        set beresp.http.X-Swr = beresp.grace;
        set beresp.grace = std.duration(regsub(beresp.http.Cache-Control,
            "(?i)^.*stale-if-error=([0-9]+).*$", "\1s"), beresp.grace);
        if (beresp.grace < std.duration(beresp.http.X-Swr + "s", 0s)) {
            set beresp.grace = std.duration(beresp.http.X-Swr + "s", 0s);
        }
    }
    # A weak ETag stays usable for conditional refetches this long after.
    if (beresp.http.ETag) {
        set beresp.keep = 1h;
    }
}

sub vcl_backend_error {
    if (bereq.is_bgfetch || bereq.http.X-Stale-Mode == "fresh") {
        return (abandon);
    }
}

sub vcl_deliver {
    unset resp.http.X-Swr;
    set resp.http.X-Cache = req.http.X-Cache;
    if (!resp.http.X-Cache) {
        set resp.http.X-Cache = "MISS";
    }
}

sub vcl_synth {
    # The fresh fetch (vcl_hit) failed: serve the stale copy after all.
    if (req.http.X-Stale-Mode == "fresh" && resp.status >= 500) {
        set req.http.X-Stale-Mode = "if-error";
        return (restart);
    }
    set resp.http.X-Cache = "SYNTH";
}
