from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator

from core.antispam import ProtectedFormMixin
from core.forms import DIACRITICS_HINT, PlainTextMixin
from core.text import clean_text, lacks_diacritics
from participation.models import Comment


class CommentForm(ProtectedFormMixin, PlainTextMixin, forms.ModelForm):
    antispam_scope = "comment"
    show_diacritics_confirm = False

    confirm_without_diacritics = forms.BooleanField(
        label="Tôi vẫn muốn gửi ý kiến không dấu",
        required=False,
    )

    class Meta:
        model = Comment
        fields = ["author_name", "body", "parent"]
        labels = {"author_name": "Tên của bạn", "body": "Ý kiến của bạn"}
        widgets = {
            "parent": forms.HiddenInput,
            "body": forms.Textarea(attrs={"rows": 5, "data-diacritics-check": ""}),
        }

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.fields["body"].validators.append(MaxLengthValidator(settings.COMMENT_MAX_LENGTH))
        self.fields["body"].widget.attrs["maxlength"] = settings.COMMENT_MAX_LENGTH
        self.fields[
            "body"
        ].help_text = f"{DIACRITICS_HINT} Chỉ chữ thường, không định dạng; tối đa {settings.COMMENT_MAX_LENGTH} ký tự."
        self.fields["author_name"].widget.attrs["autocomplete"] = "name"
        # Only approved comments of this page can be answered.
        self.fields["parent"].queryset = Comment.objects.approved().filter(page=page)
        self.fields["parent"].error_messages["invalid_choice"] = "Ý kiến bạn muốn trả lời không còn hiển thị."

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        # One level of replies: answering a reply answers its thread.
        return parent.parent if parent and parent.parent_id else parent

    def clean_body(self):
        body = clean_text(self.cleaned_data["body"]).strip()
        if lacks_diacritics(body) and not self.data.get("confirm_without_diacritics"):
            self.show_diacritics_confirm = True
            raise forms.ValidationError(
                "Ý kiến của bạn dường như được gõ không dấu, người đọc sẽ khó hiểu. "
                "Vui lòng gõ lại có dấu, hoặc đánh dấu ô “Tôi vẫn muốn gửi ý kiến không dấu”.",
                code="no_diacritics",
            )
        return body

    def save(self, commit=True):
        comment = super().save(commit=False)
        comment.page = self.page
        comment.typed_without_diacritics = lacks_diacritics(comment.body)
        if commit:
            comment.save()
        return comment
