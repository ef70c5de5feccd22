"""E-mails that curation sends (applicants, merchants), always after the transaction commits."""
from django.contrib.sites.models import Site
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string


def mail_after_commit(*, to: list[str], subject: str, template: str, context: dict) -> None:
    recipients = sorted({address for address in to if address})
    if not recipients:
        return
    body = render_to_string(template, context)
    transaction.on_commit(lambda: send_mail(subject, body, None, recipients))


def absolute_url(path: str) -> str:
    return f"https://{Site.objects.get_current().domain}{path}"
