"""Security headers on every response: a strict Content-Security-Policy and the others."""

from __future__ import annotations

from flask import Flask, g, request

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def content_security_policy(extra: dict[str, tuple[str, ...]]) -> str:
    """The policy with more sources for some directives, for the one page that needs them (the pay page
    loads Stripe.js and its frames); a directive not in the policy yet is added with 'self' and them."""
    directives = dict(d.split(" ", 1) for d in CONTENT_SECURITY_POLICY.split("; "))
    for name, sources in extra.items():
        directives[name] = " ".join([directives.get(name, "'self'"), *sources])
    return "; ".join(f"{name} {sources}" for name, sources in directives.items())


def security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "same-origin"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    if "Cache-Control" not in headers and getattr(g, "actor", None) is not None:
        headers["Cache-Control"] = "no-store"  # pages with personal data stay out of shared caches
    return response


def init_app(app: Flask) -> None:
    app.after_request(security_headers)
