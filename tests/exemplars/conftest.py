from tests.participation.conftest import editor, editor_client, reader, reporter  # noqa: F401
