"""A writer for the 'ten writers on SQLite' test: N actions through the services, as fast as it can.

python -m tests.workers.write_cases <user pk> <actions> <start file> <case pk> [<case pk> …]
Prints JSON: how many saves, how many refused as stale, and every database error's text.
"""

import json
import sys
import time
from pathlib import Path

from tests.workers import setup_django

if __name__ == "__main__":
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import OperationalError

    from cases import services
    from cases.models import Case

    user_pk, actions, start = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    pks = [int(pk) for pk in sys.argv[4:]]
    person = get_user_model().objects.get(pk=user_pk)
    while not start.exists():
        time.sleep(0.005)
    saved, stale, errors = 0, 0, []
    for i in range(actions):
        pk = pks[i % len(pks)]
        try:
            case = Case.objects.get(pk=pk)
            if i % 2:
                services.case_add_note(case=case, actor=person, text=f"note {i} from {person.username}")
            else:
                services.case_mark_checked(case=case, actor=person, expected_version=case.version)
            saved += 1
        except services.CaseChanged:
            stale += 1
        except OperationalError as exc:
            errors.append(str(exc))
    print(json.dumps({"saved": saved, "stale": stale, "errors": errors}), flush=True)
