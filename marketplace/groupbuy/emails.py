"""E-mails of group buying and buyer protection: rendered from templates/groupbuy/email/."""
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string


def send_templated(*, template: str, to: str, context: dict) -> None:
    """Sends templates/groupbuy/email/<template>_subject.txt and _body.txt to ``to``."""
    context = {"site_url": settings.MARKETPLACE_SITE_URL.rstrip("/"), **context}
    subject = " ".join(render_to_string(f"groupbuy/email/{template}_subject.txt", context).split())
    body = render_to_string(f"groupbuy/email/{template}_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
