"""What a web process (config/wsgi.py, config/asgi.py) does once, after Django is set up and
before its first request, so that readers' first requests to it do not pay for it."""

from django.urls import get_resolver

from search.words import load as load_word_list


def prepare() -> None:
    """Import the URLconf (with every view) and read the Vietnamese word list
    (search/words.py): about a second together on a 2-CPU machine, which Django and search
    would otherwise spend in a reader's request."""
    get_resolver().url_patterns  # noqa: B018 (imports config.urls)
    load_word_list()
