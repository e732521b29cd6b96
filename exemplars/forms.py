import io
import re
import warnings
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import MaxLengthValidator
from PIL import Image, ImageOps, UnidentifiedImageError

from core.antispam import ProtectedFormMixin
from core.forms import DIACRITICS_HINT, PlainTextMixin
from core.models import Locality
from core.templatetags.gs_tags import vi_number
from exemplars.nominations import Nomination

PHOTO_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
_PHONE = re.compile(r"^\+?[0-9 .\-()]{8,20}$")


def clean_photo(upload):
    """A real JPEG, PNG or WebP photo within the size and pixel limits, re-encoded so that
    nothing but pixels is kept (no GPS or other metadata from the reader's phone, no file
    that is also something else). Raises ValidationError with a reader-facing message."""
    max_bytes = settings.NOMINATION_MAX_PHOTO_BYTES
    if upload.size > max_bytes:
        raise forms.ValidationError(f"Ảnh lớn quá: tối đa {max_bytes // (1024 * 1024)} MB.", code="too_big")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as img:
                if img.format not in PHOTO_FORMATS:
                    raise forms.ValidationError("Chỉ nhận ảnh JPEG, PNG hoặc WebP.", code="format")
                if img.width * img.height > settings.NOMINATION_MAX_PHOTO_PIXELS:
                    raise forms.ValidationError(
                        "Ảnh có kích thước điểm ảnh quá lớn. Vui lòng gửi ảnh nhỏ hơn.", code="pixels"
                    )
                img.load()
                photo_format = img.format
                img = ImageOps.exif_transpose(img)
                if photo_format == "JPEG" and img.mode not in ("RGB", "L"):
                    img = img.convert("RGB")
                out = io.BytesIO()
                img.save(out, photo_format, **({"quality": 90} if photo_format != "PNG" else {}))
    except forms.ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise forms.ValidationError("Tệp này không phải ảnh hợp lệ hoặc quá lớn để xử lý.", code="invalid") from None
    except (OSError, ValueError, SyntaxError, EOFError):  # truncated or corrupt image data
        raise forms.ValidationError("Tệp ảnh bị hỏng, không đọc được.", code="invalid") from None
    name = PurePath(upload.name or "anh").stem[:50] + PHOTO_FORMATS[photo_format]
    return SimpleUploadedFile(name, out.getvalue(), content_type=Image.MIME[photo_format])


class NominationForm(ProtectedFormMixin, PlainTextMixin, forms.ModelForm):
    antispam_scope = "nomination"

    consent = forms.BooleanField(
        label="Tôi đồng ý để ban biên tập dùng thông tin liên hệ trên để xác minh giới thiệu này.",
        error_messages={"required": "Vui lòng đồng ý để chúng tôi có thể liên hệ xác minh."},
    )

    class Meta:
        model = Nomination
        fields = [
            "exemplar_name",
            "exemplar_type",
            "exemplar_details",
            "achievement",
            "locality",
            "place",
            "photo",
            "nominator_name",
            "nominator_phone",
            "nominator_email",
        ]
        labels = {
            "exemplar_name": "Họ tên người (hoặc tên tập thể) được giới thiệu",
            "achievement": "Họ đã làm việc tốt gì?",
            "photo": "Ảnh (không bắt buộc)",
            "nominator_name": "Họ tên của bạn",
            "nominator_phone": "Số điện thoại",
            "nominator_email": "Thư điện tử",
        }
        help_texts = {
            "photo": "JPEG, PNG hoặc WebP. Ảnh chỉ biên tập viên xem được; nếu bài được đăng, ảnh có thể "
            "được dùng kèm bài. Ảnh không được dùng sẽ bị xóa cùng thông tin liên hệ của bạn.",
        }
        field_classes = {"photo": forms.FileField}  # checked by clean_photo(), once
        widgets = {
            "exemplar_type": forms.RadioSelect,
            "achievement": forms.Textarea(attrs={"rows": 8, "data-diacritics-check": ""}),
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
            "nominator_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "nominator_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locality = self.fields["locality"]
        locality.queryset = Locality.objects.filter(is_current=True)
        locality.choices = [("", "— Chọn tỉnh, thành phố —")] + [
            (loc.pk, loc.name) for loc in Locality.current_sorted()
        ]
        locality.error_messages["invalid_choice"] = "Vui lòng chọn một tỉnh, thành phố trong danh sách."
        max_length = settings.NOMINATION_MAX_LENGTH
        self.fields["achievement"].validators.append(MaxLengthValidator(max_length))
        self.fields["achievement"].widget.attrs["maxlength"] = max_length
        self.fields[
            "achievement"
        ].help_text = f"Việc làm cụ thể, thời gian, kết quả. {DIACRITICS_HINT} Tối đa {vi_number(max_length)} ký tự."
        self.fields["nominator_name"].required = True
        self.fields[
            "photo"
        ].help_text = f"JPEG, PNG hoặc WebP, tối đa {settings.NOMINATION_MAX_PHOTO_BYTES // (1024 * 1024)} MB."

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        return clean_photo(photo) if photo else photo

    def clean_nominator_phone(self):
        phone = self.cleaned_data["nominator_phone"].strip()
        if phone and not _PHONE.match(phone):
            raise forms.ValidationError("Số điện thoại không hợp lệ.", code="phone")
        return phone

    def clean(self):
        # Before the anti-spam check, which spends the challenge only on a form that would be saved.
        contact_errors = {"nominator_phone", "nominator_email"} & set(self._errors)
        if not contact_errors and not (
            self.cleaned_data.get("nominator_phone") or self.cleaned_data.get("nominator_email")
        ):
            self.add_error(
                "nominator_phone", "Vui lòng để lại số điện thoại hoặc thư điện tử để chúng tôi liên hệ xác minh."
            )
        return super().clean()
