"""Groups Phóng viên, Biên tập viên, Lãnh đạo duyệt, Quản trị and the workflow "Quy trình duyệt
bài" (Biên tập → Duyệt xuất bản). Page permissions and the workflow's sections come with the
section pages (newsroom.setup.ensure_newsroom)."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from newsroom.roles import create_missing_permissions, ensure_roles

    create_missing_permissions(apps)
    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("core", "0003_article_corrections"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
