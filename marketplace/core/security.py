"""Security headers on every response, and who is making the request (session or bearer token)."""

from __future__ import annotations

from flask import Flask, g, request, session
from flask_login import current_user

from marketplace.core.access import Actor

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


def load_actor() -> None:
    """Set ``g.actor``: from the bearer token on the API (never from the cookie), else from the session."""
    from marketplace.tenancy.accounts.services import actor_for_token

    g.actor = None
    if request.path.startswith("/api/"):
        header = request.headers.get("Authorization", "")
        if not header:
            return
        scheme, _, secret = header.partition(" ")
        found = actor_for_token(secret.strip()) if scheme.lower() == "bearer" and secret.strip() else None
        if found is None:
            from marketplace.core.access import Unauthorised

            raise Unauthorised()
        token, membership = found
        g.actor = Actor(user=token.user, organisation=token.organisation, role=membership.role, via_token=True)
        return
    if not current_user.is_authenticated:
        return
    memberships = current_user.memberships
    chosen = next((m for m in memberships if m.organisation_id == session.get("org_id")), None)
    chosen = chosen or (memberships[0] if memberships else None)
    g.actor = Actor(user=current_user._get_current_object(), organisation=chosen.organisation if chosen else None,
                    role=chosen.role if chosen else None)


def init_app(app: Flask) -> None:
    app.before_request(load_actor)
    app.after_request(security_headers)
