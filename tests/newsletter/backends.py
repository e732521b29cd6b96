"""An SMTP server that refuses some recipients, for the retry test: Django's locmem backend,
except that sending to an address in `REFUSED` fails the way smtplib does."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend

REFUSED: set[str] = set()


class RefusingBackend(EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            refused = REFUSED.intersection(message.recipients())
            if refused:
                raise smtplib.SMTPRecipientsRefused(dict.fromkeys(refused, (451, b"4.3.0 Try again later")))
        return super().send_messages(messages)
