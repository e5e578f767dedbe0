"""A notifier process for the 'killed mid-send' test: sends alert e-mails through a backend that records
each one in a file and hangs on the N-th, so the test can SIGKILL it in the middle of a send.

Run as: python -m tests.workers.notify_until_killed <outbox file> <hang on n-th e-mail>
with DATABASE_URL / SQLITE name pointing at the test database.
"""

import os
import sys
import time

from django.core.mail.backends.base import BaseEmailBackend

OUTBOX, HANG_ON = sys.argv[1], int(sys.argv[2])


class HangingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        for message in messages:
            with open(OUTBOX, "a") as outbox:
                count = sum(1 for _ in open(OUTBOX)) if os.path.exists(OUTBOX) else 0
                if count + 1 >= HANG_ON:
                    with open(OUTBOX + ".hanging", "w") as marker:
                        marker.write(message.subject)
                    time.sleep(3600)  # the SMTP server stopped answering; the test kills us here
                outbox.write(message.subject + "\n")
                outbox.flush()
                os.fsync(outbox.fileno())
        return len(messages)


if __name__ == "__main__":
    from tests.workers import setup_django

    setup_django()
    from django.conf import settings

    settings.EMAIL_BACKEND = "tests.workers.notify_until_killed.HangingBackend"
    from cases import monitoring

    monitoring.send_due_notifications()
