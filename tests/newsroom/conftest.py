"""Newsroom roles as real users, and the story editor's form as the admin posts it."""

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from exemplars.models import StoryIndexPage, StoryPage
from newsroom import roles

_numbers = itertools.count(1)


@pytest.fixture
def make_user(db):
    def make(role, username=None):
        username = username or f"{roles.ROLES.index(role)}-{next(_numbers)}"
        user = get_user_model().objects.create_user(username, f"{username}@example.com", "x")
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def client_for():
    """A logged-in test client per user (several people work at once)."""

    def login(user):
        client = Client()
        client.force_login(user)
        return client

    return login


def story_form(title, **extra):
    """What the story editor posts: the fields a reporter fills in, empty inlines."""
    from core.text import vi_slugify

    data = {
        "title": title,
        "slug": vi_slugify(title),
        "lead": "Sapo của bài.",
        "exemplar_name": "Nguyễn Thị Hoa",
        "exemplar_type": "individual",
        "published_at": "20/11/2026 08:00",
        "body-count": "0",
    }
    for formset in ("awards", "related_links", "comments", "corrections"):
        data.update(
            {
                f"{formset}-TOTAL_FORMS": "0",
                f"{formset}-INITIAL_FORMS": "0",
                f"{formset}-MIN_NUM_FORMS": "0",
                f"{formset}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(extra)
    return data


def add_story_url():
    return f"/admin/pages/add/exemplars/storypage/{StoryIndexPage.objects.get().pk}/"


def create_story(client, title, **extra):
    """A story created through the admin as `client`'s user; None if refused."""
    client.post(add_story_url(), story_form(title, **extra))
    return StoryPage.objects.filter(title=title).first() or StoryPage.objects.filter(draft_title=title).first()


def edit_story(client, page, title=None, **extra):
    return client.post(f"/admin/pages/{page.pk}/edit/", story_form(title or page.draft_title, slug=page.slug, **extra))
