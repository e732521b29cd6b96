"""Background work for the newsletter (django-tasks: the database queue run by
`manage.py run_worker`, inline in tests)."""

from django_tasks import task


@task()
def send_confirmation(subscriber_id: int, movement_id: int | None) -> None:
    from movements.models import MovementPage
    from newsletter.emails import confirmation_message
    from newsletter.models import Subscriber

    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:  # erased before the worker got to it
        return
    movement = MovementPage.objects.live().public().filter(pk=movement_id).first() if movement_id else None
    confirmation_message(subscriber, movement).send()


@task()
def send_digest() -> None:
    """Create this week's issue when it is due and send what is waiting (newsletter.digest)."""
    from newsletter import digest

    digest.run()
