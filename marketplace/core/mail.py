"""E-mail rendered from templates in each recipient's language, every link absolute to
MARKETPLACE_SITE_URL.

A message is `<template>_subject.txt` and `<template>_body.txt` (plus `<template>_body.html` when
it exists), rendered with `site_url` in the context, inside the recipient's language
(`language_for_recipient`: their account's, else their order's): gettext, dates, money and the
deal's own texts all follow it. Recipients reading different languages get one message each.
Mail about a change is sent after the change commits (`mail_after_commit`): a rolled-back change
sends nothing. `mail_send` is for the few callers that record "sent" in the same transaction on
purpose (a failed send rolls the record back and the next run retries).
"""
from typing import Callable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from marketplace.languages.selectors import language_for_recipient

# What a message carries besides its text: (filename, content, mimetype) tuples, or a function
# making them, called in each recipient's language (a voucher PDF printed in it).
Attachments = tuple | Callable[[], tuple]


def absolute_url(path: str) -> str:
    """``path`` (e.g. "/vouchers/") on the public site, for links that leave the site."""
    return settings.MARKETPLACE_SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def mail_messages(*, template: str, to: list[str], context: dict, attachments: Attachments = (),
                  language: str | None = None, order=None) -> list[EmailMultiAlternatives]:
    """The messages, one per language read by the recipients (none when there is nobody).

    ``language``: every recipient reads it; else each one's own (``order``: the order the mail
    is about, whose language a guest reads)."""
    recipients = sorted({address for address in to if address})
    by_language: dict[str, list[str]] = {}
    for address in recipients:
        read_in = language or language_for_recipient(email=address, order=order)
        by_language.setdefault(read_in, []).append(address)
    return [_message(template=template, to=addresses, context=context, attachments=attachments,
                     language=read_in)
            for read_in, addresses in by_language.items()]


def _message(*, template: str, to: list[str], context: dict, attachments: Attachments,
             language: str) -> EmailMultiAlternatives:
    context = {"site_url": settings.MARKETPLACE_SITE_URL.rstrip("/"), **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        message = EmailMultiAlternatives(
            subject=subject, body=render_to_string(f"{template}_body.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL, to=to,
            headers={"Content-Language": language})
        try:
            message.attach_alternative(render_to_string(f"{template}_body.html", context),
                                       "text/html")
        except TemplateDoesNotExist:
            pass
        for attachment in attachments() if callable(attachments) else attachments:
            message.attach(*attachment)
    return message


def mail_send(*, template: str, to: list[str], context: dict, attachments: Attachments = (),
              language: str | None = None, order=None) -> bool:
    """Send now. True when a message went out."""
    messages = mail_messages(template=template, to=to, context=context, attachments=attachments,
                             language=language, order=order)
    for message in messages:
        message.send()
    return bool(messages)


def mail_after_commit(*, template: str, to: list[str], context: dict,
                      language: str | None = None, order=None) -> None:
    """Render now (the objects are as the change left them), send once the change commits."""
    for message in mail_messages(template=template, to=to, context=context, language=language,
                                 order=order):
        transaction.on_commit(message.send)
