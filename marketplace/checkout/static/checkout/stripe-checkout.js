// Card payment with Stripe.js: the browser makes a PaymentMethod, the server creates and confirms
// the PaymentIntent; when the bank wants 3-D Secure the page runs confirmCardPayment and the
// server then asks Stripe how the payment ended.
(function () {
  "use strict";
  // Django's JavaScript catalogue (oscar/base.html), or the English text.
  function gettext(text) { return window.gettext ? window.gettext(text) : text; }
  const form = document.getElementById("payment-form");
  if (!form) return;
  const stripe = Stripe(form.dataset.publishableKey);
  const card = stripe.elements().create("card");
  card.mount("#card-element");
  const button = document.getElementById("pay-button");
  const errors = document.getElementById("payment-errors");
  const status = document.getElementById("payment-status");
  const csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  const giftBox = document.getElementById("id_is_gift");
  if (giftBox) {
    giftBox.addEventListener("change", function () {
      document.getElementById("gift-fields").hidden = !giftBox.checked;
    });
  }

  function showError(message) {
    errors.textContent = message || gettext("The payment could not be completed. You were not charged.");
    errors.hidden = false;
    status.textContent = "";
    button.disabled = false;
  }

  async function createPaymentMethod() {
    const result = await stripe.createPaymentMethod({ type: "card", card: card });
    if (result) return result;
    // localstripe's stand-in for Stripe.js has an empty createPaymentMethod: tokenise the card
    // (which it implements) and pay with the card object the token holds.
    const tokenised = await stripe.createToken(card);
    if (tokenised.error) return { error: tokenised.error };
    return { paymentMethod: { id: tokenised.token.card.id } };
  }

  async function post(url, data) {
    const response = await fetch(url, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "Accept": "application/json" },
    });
    const type = response.headers.get("content-type") || "";
    if (!type.includes("application/json")) {
      // A checkout pre-condition failed (e.g. the deal ended): Oscar redirected with a message.
      window.location = response.url;
      return null;
    }
    return response.json();
  }

  async function follow(answer) {
    if (!answer) return;
    if (answer.status === "requires_action") {
      status.textContent = gettext("Confirm the payment with your bank…");
      await stripe.confirmCardPayment(answer.client_secret);
      const data = new FormData();
      data.append("csrfmiddlewaretoken", csrf);
      return follow(await post(answer.confirm_url, data));
    }
    if (answer.redirect) {
      window.location = answer.redirect;
      return;
    }
    showError(answer.message);
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    errors.hidden = true;
    button.disabled = true;
    status.textContent = gettext("Paying…");
    try {
      const { paymentMethod, error } = await createPaymentMethod();
      if (error) return showError(error.message || gettext("Check your card details."));
      const data = new FormData(form);
      data.set("payment_method_id", paymentMethod.id);
      // form.action would be the hidden input named "action": read the attribute.
      await follow(await post(form.getAttribute("action"), data));
    } catch (err) {
      showError(gettext("The connection failed. You were not charged; try again."));
    }
  });
})();
