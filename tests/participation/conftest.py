import pytest
from django.contrib.auth.models import Group
from django.test import Client

from tests.factories import make_news, make_story


@pytest.fixture
def reader():
    """An anonymous browser that, like a real one, must send the CSRF token."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def story(db):
    return make_story(title="Cô giáo vùng cao dạy chữ cho trẻ em")


@pytest.fixture
def news(db):
    return make_news(title="Tổng kết phong trào thi đua năm nay")


def _user_in(group_name, username, django_user_model):
    """A user of one of the newsroom's groups, with the permissions the role table gave it."""
    group = Group.objects.get(name=group_name)
    user = django_user_model.objects.create_user(username, password="pw")
    user.groups.add(group)
    return user


@pytest.fixture
def editor(db, django_user_model):
    return _user_in("Biên tập viên", "bien-tap", django_user_model)


@pytest.fixture
def reporter(db, django_user_model):
    """Has the admin but no moderation rights."""
    return _user_in("Phóng viên", "phong-vien", django_user_model)


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client
