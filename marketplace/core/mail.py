"""E-mail rendered from templates, every link absolute to MARKETPLACE_SITE_URL.

A message is `<template>_subject.txt` and `<template>_body.txt` (plus `<template>_body.html` when
it exists), rendered with `site_url` in the context. Mail about a change is sent after the
change commits (`mail_after_commit`): a rolled-back change sends nothing. `mail_send` is for the
few callers that record "sent" in the same transaction on purpose (a failed send rolls the record
back and the next run retries).
"""
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string


def absolute_url(path: str) -> str:
    """``path`` (e.g. "/vouchers/") on the public site, for links that leave the site."""
    return settings.MARKETPLACE_SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def mail_message(*, template: str, to: list[str], context: dict,
                 attachments: tuple = ()) -> EmailMultiAlternatives | None:
    """The message, or None when there is nobody to send it to."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return None
    context = {"site_url": settings.MARKETPLACE_SITE_URL.rstrip("/"), **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject, body=render_to_string(f"{template}_body.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL, to=recipients)
    try:
        message.attach_alternative(render_to_string(f"{template}_body.html", context),
                                   "text/html")
    except TemplateDoesNotExist:
        pass
    for attachment in attachments:
        message.attach(*attachment)
    return message


def mail_send(*, template: str, to: list[str], context: dict, attachments: tuple = ()) -> bool:
    """Send now. True when a message went out."""
    message = mail_message(template=template, to=to, context=context, attachments=attachments)
    if message is None:
        return False
    message.send()
    return True


def mail_after_commit(*, template: str, to: list[str], context: dict) -> None:
    """Render now (the objects are as the change left them), send once the change commits."""
    message = mail_message(template=template, to=to, context=context)
    if message is not None:
        transaction.on_commit(message.send)
