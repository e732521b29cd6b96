# Varnish in front of Gương Sáng's web workers (README "Front cache"; tested by
# tests/deployment/test_front_cache.py, measured by bench/front_cache.py).
#
# Django decides what may be kept (core.frontcache): pages and feeds for anonymous readers say
# "Cache-Control: public, max-age=…, s-maxage=…"; everything else says "private" and passes.
# Every change purges each site's root ("PURGE /"), which bans every page and feed; a PURGE of
# any other path bans that path with all its query strings. Static files are fingerprinted and
# never purged. Set FRONT_CACHE_URL to this server's address for the web workers and the worker.
vcl 4.1;

import std;

# gunicorn (make serve binds 127.0.0.1:8000). In docker-compose the web, worker and migrate
# containers run in Varnish's network namespace (network_mode: service:varnish), so this
# address, and the purgers' 127.0.0.1, hold there too.
backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
}

# Who may purge: the web workers and the worker, on this machine.
acl purgers {
    "127.0.0.1";
    "::1";
}

# Parameters that change nothing on a page (campaign and click trackers): dropped before the
# lookup, so they neither bypass the cache nor split it. Django ignores them too (core.cache).
sub strip_tracking_parameters {
    set req.url = regsuball(req.url, "(?i)([?&])(utm_[a-z0-9_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|zarsrc|zalo_source)=[^&]*", "\1");
    set req.url = regsuball(req.url, "&&+", "&");
    set req.url = regsub(req.url, "\?&+", "?");
    set req.url = regsub(req.url, "[?&]+$", "");
    set req.url = std.querysort(req.url);
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Purging is not allowed from this address"));
        }
        if (req.url == "/") {
            ban("obj.http.x-path !~ ^/static/");
        } else {
            ban("obj.http.x-path == " + regsub(req.url, "\?.*$", ""));
        }
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Editors (a session), the admins, and partners' keyed pulls (counted by Django) pass.
    if (req.url ~ "^/(admin|django-admin|_util)/" || req.http.Cookie ~ "(^|;\s*)sessionid=" || req.url ~ "[?&]key=") {
        return (pass);
    }
    call strip_tracking_parameters;
    # Cookies of anonymous readers (csrftoken) change nothing Django marks public: the lookup
    # ignores them, and a miss still takes them to Django.
    return (hash);
}

sub vcl_backend_response {
    set beresp.http.x-path = regsub(bereq.url, "\?.*$", "");
    if (beresp.http.Cache-Control !~ "(?i)public" || beresp.http.Set-Cookie) {
        # Not declared shareable: never kept; remember that for a moment so that requests for
        # it are not queued behind each other.
        set beresp.uncacheable = true;
        set beresp.ttl = 60s;
        return (deliver);
    }
    # A withdrawn story is purged, never served stale.
    set beresp.grace = 0s;
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.x-path;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
