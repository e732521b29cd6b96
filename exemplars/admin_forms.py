"""The story's admin form and its profile picker ("Hồ sơ gương" in the "Gương điển hình" panel)."""

from core.page_forms import ArticlePageForm
from core.widgets import VietnameseSinglePicker


class ExemplarPicker(VietnameseSinglePicker):
    """Profiles by name, each saying what it is, so that namesakes are told apart
    ("Nguyễn Văn Hùng — Cá nhân · Giáo viên")."""

    def label_of(self, instance, label, instances):
        details = [instance.get_exemplar_type_display(), instance.occupation or instance.organisation]
        return f"{instance.name} — {' · '.join(d for d in details if d)}"


class StoryPageForm(ArticlePageForm):
    """Only profiles not merged away are offered; a story still on a merged one (an old
    revision) shows the profile it was merged into."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("exemplar")
        if field is None:
            return
        field.queryset = field.queryset.filter(merged_into=None)
        current = self.instance.exemplar if self.instance.exemplar_id else None
        if current is not None and current.merged_into_id:
            self.initial["exemplar"] = current.survivor().pk
