/* A held group-buy payment: the bank's confirmation (3-D Secure), then the server settles it. */
(function () {
  "use strict";
  // Django's JavaScript catalogue (oscar/base.html), or the English text.
  function gettext(text) { return window.gettext ? window.gettext(text) : text; }
  var button = document.getElementById("confirm-payment");
  if (!button) return;
  button.addEventListener("click", async function () {
    const stripe = Stripe(button.dataset.publishableKey);
    const result = await stripe.confirmCardPayment(button.dataset.clientSecret,
                                                   {payment_method: button.dataset.paymentMethod});
    if (result.error) {
      const box = document.getElementById("payment-error");
      box.textContent = result.error.message || gettext("The payment was not confirmed.");
      box.hidden = false;
      return;
    }
    document.getElementById("payment-done").submit();
  });
})();
