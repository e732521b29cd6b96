"""Vietnamese catalogues for the admin: Wagtail's, django-taggit's and django-filter's messages
(docs/translations.md)."""
