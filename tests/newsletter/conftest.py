import pytest
from django.test import Client


@pytest.fixture
def reader(db):
    """An anonymous browser that, like a real one, must send the CSRF token."""
    return Client(enforce_csrf_checks=True)
