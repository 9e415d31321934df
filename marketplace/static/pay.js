// The pay page (templates/invoices/pay.html): mounts Stripe's card element and confirms the invoice's
// PaymentIntent with it. Stripe.js is loaded before this file; the keys come from the form's data- attributes
// (no inline script: the Content-Security-Policy forbids it). Afterwards the browser goes to the return page,
// which asks Stripe how the payment went, so nothing here is trusted about the outcome.
(function () {
  "use strict";

  const form = document.getElementById("pay-form");
  if (!form || typeof Stripe === "undefined") {
    return;
  }
  // the payment went through, or is on its way (the return page asks Stripe which)
  const DONE = ["succeeded", "processing", "requires_capture"];
  const error = document.getElementById("pay-error");
  const button = document.getElementById("pay-button");
  const stripe = Stripe(form.dataset.publishableKey, {locale: document.documentElement.lang || "auto"});
  const card = stripe.elements().create("card", {hidePostalCode: true});
  card.mount("#card-element");

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    button.disabled = true;
    error.textContent = "";
    let result;
    try {
      result = await stripe.confirmCardPayment(form.dataset.clientSecret, {payment_method: {card: card}});
    } catch (failure) {
      result = {error: {}};
    }
    const intent = result && result.paymentIntent;
    if (!intent || result.error || !DONE.includes(intent.status)) {
      const reason = (result && result.error) || (intent && intent.last_payment_error) || {};
      error.textContent = reason.message || form.dataset.failedText;
      button.disabled = false;
      return;
    }
    window.location.assign(form.dataset.returnUrl);
  });
})();
