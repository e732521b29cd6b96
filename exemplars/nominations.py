"""Readers' nominations ("phát hiện", the first of the four stages: phát hiện – bồi dưỡng –
tổng kết – nhân điển hình): who, what they did, where, an optional photo and the nominator's
contact. Editors reject a nomination or turn it into a draft StoryPage. The nominator's
contact is personal data (Decree 13/2023/NĐ-CP): only editors see it, and it is erased
settings.NOMINATION_CONTACT_RETENTION_DAYS after the nomination arrived, together with the
photo. The photo is kept in private storage (core.storage), never under /media/."""

import uuid
from datetime import timedelta
from html import escape
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from core.storage import private_storage


def _photo_path(instance, filename):
    # An unguessable name that says nothing about the person.
    return f"nominations/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Nomination(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Chờ xử lý"
        DRAFTED = "drafted", "Đã tạo bài nháp"
        REJECTED = "rejected", "Đã từ chối"

    EXEMPLAR_TYPE_CHOICES = [("individual", "Cá nhân"), ("collective", "Tập thể")]

    exemplar_name = models.CharField("Người, tập thể được giới thiệu", max_length=200)
    exemplar_type = models.CharField("Là", max_length=20, choices=EXEMPLAR_TYPE_CHOICES, default="individual")
    exemplar_details = models.CharField(
        "Nghề nghiệp, đơn vị",
        max_length=255,
        blank=True,
        help_text="Ví dụ: giáo viên Trường Tiểu học Hòa Bình.",
    )
    achievement = models.TextField("Việc tốt đã làm")
    locality = models.ForeignKey(
        "core.Locality",
        verbose_name="Tỉnh, thành phố",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"is_current": True},
    )
    place = models.CharField("Xã, phường, thôn, tổ dân phố", max_length=255, blank=True)
    photo = models.ImageField(
        "Ảnh",
        upload_to=_photo_path,
        storage=private_storage,
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
    )
    photo_width = models.PositiveIntegerField("chiều rộng ảnh", null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField("chiều cao ảnh", null=True, blank=True, editable=False)

    # Personal data of the nominator: erased by purge_expired_contacts() (the photo too).
    nominator_name = models.CharField("Người giới thiệu", max_length=120, blank=True)
    nominator_phone = models.CharField("Điện thoại", max_length=20, blank=True)
    nominator_email = models.EmailField("Thư điện tử", blank=True)
    contact_erased_at = models.DateTimeField("Đã xoá thông tin liên hệ lúc", null=True, blank=True)

    status = models.CharField(
        "Trạng thái", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    editor_note = models.TextField("Ghi chú của biên tập viên", blank=True)
    story = models.ForeignKey(
        "exemplars.StoryPage",
        verbose_name="Bài nháp",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nominations",
    )
    created_at = models.DateTimeField("Gửi lúc", default=timezone.now, db_index=True)
    moderated_at = models.DateTimeField("Xử lý lúc", null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Người xử lý",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "giới thiệu gương"
        verbose_name_plural = "giới thiệu gương"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.exemplar_name} ({self.locality.name})" if self.locality_id else self.exemplar_name

    @property
    def contact_erase_due(self):
        return self.created_at + timedelta(days=settings.NOMINATION_CONTACT_RETENTION_DAYS)

    def reject(self, user, note=""):
        self.status = self.Status.REJECTED
        self.moderated_by, self.moderated_at = user, timezone.now()
        if note:
            self.editor_note = note
        self.save(update_fields=["status", "moderated_by", "moderated_at", "editor_note"])

    @transaction.atomic
    def create_draft_story(self, user):
        """A draft StoryPage under the story section, prefilled from this nomination and linked
        back to it. The nominator's name and contact are never copied into the page."""
        from core.models import CustomImage
        from exemplars.models import StoryIndexPage, StoryPage

        paragraphs = [p.strip() for p in self.achievement.replace("\r\n", "\n").split("\n\n") if p.strip()]
        page = StoryPage(
            title=self.exemplar_name,
            lead=paragraphs[0][:300] if paragraphs else "",
            body=[("paragraph", "<p>" + escape(p).replace("\n", "<br>") + "</p>") for p in paragraphs],
            exemplar_name=self.exemplar_name,
            exemplar_type=self.exemplar_type,
            exemplar_occupation=self.exemplar_details,
            owner=user,
            live=False,
        )
        if self.photo:
            image = CustomImage(
                title=f"Ảnh bạn đọc gửi: {self.exemplar_name}"[:255],
                caption=self.exemplar_name,
                credit="Bạn đọc gửi",
                uploaded_by_user=user,
            )
            with self.photo.open("rb") as fh:
                image.file = ContentFile(fh.read(), name=PurePath(self.photo.name).name)
            image._set_image_file_metadata()
            image.save()
            page.hero_image = image
        page.localities = [self.locality]
        StoryIndexPage.objects.get().add_child(instance=page)
        page.save_revision(user=user, log_action=True)
        self.story = page
        self.status = self.Status.DRAFTED
        self.moderated_by, self.moderated_at = user, timezone.now()
        self.save(update_fields=["story", "status", "moderated_by", "moderated_at"])
        return page


def purge_expired_contacts(now=None) -> int:
    """Erase the nominator's name and contact, and delete the photo, on nominations older than
    the retention period, whatever their status (a drafted one's photo lives on as a copy in
    the image library). A periodic job (core.periodic) runs it every 6 hours; idempotent.
    Returns the number of contacts erased."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.NOMINATION_CONTACT_RETENTION_DAYS)
    expired = Nomination.objects.filter(created_at__lt=cutoff)
    with_photo = expired.exclude(photo="")
    for name in with_photo.values_list("photo", flat=True):
        private_storage().delete(name)  # a file already gone is no error
    with_photo.update(photo="", photo_width=None, photo_height=None)
    return expired.filter(contact_erased_at=None).update(
        nominator_name="",
        nominator_phone="",
        nominator_email="",
        contact_erased_at=now,
    )


@receiver(post_delete, sender=Nomination)
def _delete_photo(sender, instance, **kwargs):
    if instance.photo:
        transaction.on_commit(lambda name=instance.photo.name: private_storage().delete(name))
