from datetime import timedelta

from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Bản tin"

    def ready(self):
        from core import periodic

        periodic.register("newsletter_digest", timedelta(minutes=15), schedule_digest)
        periodic.register("newsletter_retention", timedelta(days=1), purge_expired_subscribers)


def schedule_digest():
    """Cheap when there is nothing to do; otherwise the sending runs as a queued task."""
    from newsletter import digest
    from newsletter.tasks import send_digest

    if digest.work_waiting():
        send_digest.enqueue()


def purge_expired_subscribers():
    from newsletter import digest

    digest.purge_expired()
