"""allauth's hooks for the marketplace: every link in its e-mails absolute to MARKETPLACE_SITE_URL
(never built from a request's Host header), the shop's name in the mails."""
from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.account.forms import EmailAwarePasswordResetTokenGenerator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.urls import reverse

from marketplace.core.mail import absolute_url


class AccountAdapter(DefaultAccountAdapter):
    def get_email_confirmation_url(self, request, emailconfirmation):
        return absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key):
        # The same construction as allauth's own (one opaque key in the path).
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)))

    def send_mail(self, template_prefix, email, context):
        # The signup and reset pages named in "unknown account" / "account exists" mails are
        # built from the request by allauth: these are the site's.
        context = {**context, "site_url": absolute_url("/").rstrip("/"),
                   "shop_name": settings.OSCAR_SHOP_NAME}
        if "signup_url" in context:
            context["signup_url"] = absolute_url(reverse("account_signup"))
        if template_prefix == "account/email/account_already_exists":
            context["password_reset_url"] = absolute_url(reverse("account_reset_password"))
        super().send_mail(template_prefix, email, context)


def password_set_url(user) -> str:
    """A link to choose a password (allauth's reset-key link): for accounts made for someone,
    e.g. a merchant's owner at onboarding."""
    key = f"{user_pk_to_url_str(user)}-{EmailAwarePasswordResetTokenGenerator().make_token(user)}"
    return get_adapter().get_reset_password_from_key_url(key)
