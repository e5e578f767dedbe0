"""Helper processes for the concurrency and fault tests: each is started by a test with its database
(DATABASE_URL, or CASEDESK_TEST_SQLITE_FILE for the test's SQLite file) in the environment."""

import os


def setup_django() -> None:
    """django.setup() against the test's database; e-mail into a file when CASEDESK_TEST_OUTBOX is set."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casedesk.settings_test")
    import django

    django.setup()
    from django.conf import settings

    if os.environ.get("CASEDESK_TEST_SQLITE_FILE"):
        from django.db import connections

        connections["default"].settings_dict["NAME"] = os.environ["CASEDESK_TEST_SQLITE_FILE"]
    if os.environ.get("CASEDESK_TEST_OUTBOX"):
        settings.EMAIL_BACKEND = "tests.workers.FileOutbox"


def _file_outbox():
    from django.core.mail.backends.base import BaseEmailBackend

    class FileOutbox(BaseEmailBackend):
        """One line per e-mail: its subject and recipients, appended and flushed, so a kill loses none."""

        def send_messages(self, messages):
            with open(os.environ["CASEDESK_TEST_OUTBOX"], "a") as outbox:
                for message in messages:
                    outbox.write(f"{message.subject}\t{','.join(message.to)}\n")
                outbox.flush()
                os.fsync(outbox.fileno())
            return len(messages)

    return FileOutbox


def __getattr__(name):
    if name == "FileOutbox":
        return _file_outbox()
    raise AttributeError(name)


def subprocess_env(connection, **extra) -> dict:
    """The environment for a helper process that must use the same database as this test."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "casedesk.settings_test", **extra}
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = (f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
                               f"{db['PORT'] or 5432}/{db['NAME']}")
        env.pop("CASEDESK_TEST_SQLITE_FILE", None)
    else:
        env.pop("DATABASE_URL", None)
        env["CASEDESK_TEST_SQLITE_FILE"] = str(db["NAME"])
    return env


def database_is_shared(connection) -> bool:
    return connection.vendor == "postgresql" or "memory" not in str(connection.settings_dict["NAME"])
