from django import forms

from core.antispam import ProtectedFormMixin
from core.text import vi_sort_key
from movements.models import MovementPage
from newsletter.models import normalise_email


class SubscribeForm(ProtectedFormMixin, forms.Form):
    antispam_scope = "newsletter"

    email = forms.EmailField(
        label="Địa chỉ thư điện tử",
        max_length=254,
        error_messages={"required": "Vui lòng nhập địa chỉ thư điện tử.", "invalid": "Địa chỉ thư điện tử chưa đúng."},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    movement = forms.ModelChoiceField(
        label="Nhận thêm tin của một phong trào (không bắt buộc)",
        queryset=MovementPage.objects.none(),
        required=False,
        empty_label="Chỉ nhận bản tin chung",
        error_messages={"invalid_choice": "Phong trào bạn chọn không còn trên trang."},
        help_text="Bản tin chung gồm các gương sáng và tin phong trào mới trong tuần; "
        "phong trào bạn chọn có mục riêng ở đầu thư.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["movement"]
        field.queryset = MovementPage.objects.live().public()
        movements = sorted(field.queryset, key=lambda m: vi_sort_key(m.title))
        field.choices = [("", field.empty_label)] + [(m.pk, m.title) for m in movements]

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])
