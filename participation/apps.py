from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = "Bạn đọc tham gia"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core.cache import bump_content_version
        from participation.models import Comment

        def comment_changed(instance, created=False, **kwargs):
            # Article pages are cached for anonymous readers with the content version in the
            # key: a moderation decision must reach them at once. A new pending comment
            # changes nothing anyone can see.
            if not (created and instance.status == Comment.Status.PENDING):
                bump_content_version()

        post_save.connect(comment_changed, sender=Comment, dispatch_uid="participation-comment-saved", weak=False)
        post_delete.connect(comment_changed, sender=Comment, dispatch_uid="participation-comment-deleted", weak=False)
