"""Permission names in Vietnamese. Django writes a permission's name into the database once,
in English ("Can add địa phương", from "Can %s %s" and the model's verbose name), and Wagtail
shows that stored name: as the screen-reader label of every checkbox of a group's permissions
and the page permissions ("Lõi Wagtail | trang | Can add page"). Gettext cannot reach a stored
string, so after every migrate this rewrites the names still in Django's English pattern, or
that are a message of our catalogues (Wagtail's "Publish any page"), in Vietnamese. Keyed by
codename, which is what every check of a permission uses, so nothing else changes; a name an
administrator gave by hand is left alone."""

import re

from django.utils.text import capfirst
from django.utils.translation import gettext, override

VERBS = {"add": "Thêm", "change": "Sửa", "delete": "Xóa", "view": "Xem"}
DEFAULT_NAME = re.compile(r"^Can (add|change|delete|view) (.+)$")


def vietnamese_name(permission):
    """The Vietnamese name of a permission, or None to leave it as it is."""
    with override("vi"):
        match = DEFAULT_NAME.match(permission.name)
        if match and permission.codename == f"{match[1]}_{permission.content_type.model}":
            model = permission.content_type.model_class()  # None: a model since removed
            subject = model._meta.verbose_name if model is not None else permission.content_type.model
            return f"{VERBS[match[1]]} {subject}"[:255]
        translated = gettext(permission.name)
        if translated != permission.name:
            return capfirst(translated)[:255]
    return None


def translate_permission_names(app_config=None, using="default", apps=None, **kwargs):
    """post_migrate, for each app: cheap (one query, updates only what changed). Our receiver
    may run before Django's own for the same app, so the app's permissions are created first
    (what Django's create_permissions would do next; it does nothing twice)."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Permission

    if app_config is not None and apps is not None:
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    changed = []
    for permission in Permission.objects.using(using).select_related("content_type"):
        name = vietnamese_name(permission)
        if name and name != permission.name:
            permission.name = name
            changed.append(permission)
    Permission.objects.using(using).bulk_update(changed, ["name"])
