"""localstripe (a local Stripe stand-in) for the tests: started as a subprocess on a free loopback port, plus
helpers to pay an intent as a payer would, to read what localstripe received, and to sign webhook events.

Run as a script it is the server itself: localstripe with three changes for testing, all outside its API:
- it keeps its objects in memory only (localstripe writes /tmp/localstripe.pickle, shared by every copy);
- it records each API request's method, path, key and Idempotency-Key header (``GET /_config/requests``), so a
  test can check the keys our code sent;
- its Stripe.js stand-in's ``confirmCardPayment`` sends no card (it only answers a 3-D Secure question for an
  intent that already has one): here an intent still waiting for a card is given the 3-D Secure test card
  first, so the stand-in's "Complete authentication" pays it, as Stripe.js would with the card typed in.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SECRET_KEY = "sk_test_taalmarkt"
PUBLISHABLE_KEY = "pk_test_taalmarkt"
WEBHOOK_SECRET = "whsec_taalmarkt_test"
#: the payer's side (confirming with a test card) uses another key, so its requests are told apart
PAYER_KEY = "sk_test_payer"
#: a card that asks for 3-D Secure (localstripe's list), given to intents confirmed through the stand-in
THREE_D_SECURE_CARD = "4000002500003155"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class LocalStripe:
    base: str
    process: subprocess.Popen

    def config(self) -> dict:
        """App settings that point the app at this server."""
        return {"STRIPE_SECRET_KEY": SECRET_KEY, "STRIPE_PUBLISHABLE_KEY": PUBLISHABLE_KEY,
                "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET, "STRIPE_API_BASE": self.base}

    def client(self):
        import stripe

        return stripe.StripeClient(PAYER_KEY, base_addresses={"api": self.base})

    def requests(self, key: str = SECRET_KEY) -> list[dict]:
        """The API requests made with ``key`` so far, oldest first."""
        with _open(f"{self.base}/_config/requests") as answer:
            return [r for r in json.load(answer) if r["key"] == key]

    def pay(self, intent_id: str, card: str = "pm_card_visa") -> dict:
        """Pay an intent with a test card, as Stripe.js does for the payer (localstripe cannot take the card on
        confirm, so it is set on the intent first)."""
        client = self.client()
        client.v1.payment_intents.update(intent_id, params={"payment_method": card})
        return client.v1.payment_intents.confirm(intent_id).to_dict()

    def send_webhooks_to(self, url: str, events: list[str] | None = None) -> None:
        """Let localstripe deliver its events to ``url``, signed with the webhook secret."""
        body = {"url": url, "secret": WEBHOOK_SECRET, **({"events": events} if events else {})}
        _open(f"{self.base}/_config/webhooks/taalmarkt", json.dumps(body).encode()).close()


def _open(url: str, data: bytes | None = None, timeout: float = 10):
    """A request to the local server (always http://127.0.0.1)."""
    headers = {"Content-Type": "application/json"} if data is not None else {}
    return urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers), timeout=timeout)  # noqa: S310


@contextlib.contextmanager
def running() -> Iterator[LocalStripe]:
    port = free_port()
    process = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                _open(f"{base}/_config/requests", timeout=1).close()
                break
            except OSError as e:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"localstripe did not start: {process.stderr.read().decode()[-2000:]}") from e
                time.sleep(0.1)
        yield LocalStripe(base, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stderr.close()


def signed(event: dict | bytes, secret: str = WEBHOOK_SECRET, at: int | None = None) -> tuple[bytes, str]:
    """The body and ``Stripe-Signature`` header Stripe would send for ``event`` (or for any body)."""
    payload = event if isinstance(event, bytes) else json.dumps(event).encode()
    timestamp = int(at if at is not None else time.time())
    signature = hmac.new(secret.encode(), b"%d.%s" % (timestamp, payload), hashlib.sha256).hexdigest()
    return payload, f"t={timestamp},v1={signature}"


def event(kind: str, obj: dict, event_id: str | None = None) -> dict:
    """An event as Stripe shapes it (``data.object`` is a snapshot; our code fetches the object again)."""
    return {"id": event_id or f"evt_{time.monotonic_ns()}", "object": "event", "type": kind,
            "created": int(time.time()), "api_version": "2025-01-27.acacia", "livemode": False,
            "data": {"object": obj}}


def serve(port: int) -> None:
    from aiohttp import web
    from localstripe import resources, server

    resources.Store.dump_to_disk = lambda self: None
    received: list[dict] = []

    async def record(request, response) -> None:
        if request.path.startswith("/v1/"):
            received.append({"method": request.method, "path": request.path,
                             "key": (server.get_api_key(request) or ""),
                             "idempotency_key": request.headers.get("Idempotency-Key")})

    async def requests(_request):
        return web.json_response(received)

    @web.middleware
    async def card_for_the_stand_in(request, handler):
        intent_id = request.match_info.get("id", "")
        if request.method == "POST" and request.path == f"/v1/payment_intents/{intent_id}/_authenticate":
            data = await server.get_post_data(request, remove_auth=False) or {}
            intent = resources.store.get(f"payment_intent:{intent_id}")
            if intent is not None and intent.status == "requires_payment_method" \
                    and data.get("client_secret") == intent.client_secret:
                card = resources.PaymentMethod(type="card", card={
                    "number": THREE_D_SECURE_CARD, "exp_month": "12", "exp_year": "2030", "cvc": "123"})
                intent.payment_method = card.id
                intent._confirm(on_failure_now=intent._report_failure)  # now it asks for 3-D Secure
        return await handler(request)

    server.app.middlewares.append(card_for_the_stand_in)  # innermost: after localstripe's own checks
    server.app.on_response_prepare.append(record)
    server.app.router.add_get("/_config/requests", requests)
    web.run_app(server.app, host="127.0.0.1", port=port, access_log=None, print=None)


if __name__ == "__main__":
    serve(int(sys.argv[1]))
