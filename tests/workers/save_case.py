"""One person saving a case: loads it, waits for the start signal (a file), saves, prints the outcome as JSON.

python -m tests.workers.save_case <case pk> <user pk> <new issue> <start file>
"""

import json
import sys
import time
from pathlib import Path

from tests.workers import setup_django

if __name__ == "__main__":
    setup_django()
    from django.contrib.auth import get_user_model

    from cases import services
    from cases.models import Case

    pk, user_pk, issue, start = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
    case = Case.objects.get(pk=pk)
    person = get_user_model().objects.get(pk=user_pk)
    version = case.version
    print(json.dumps({"ready": True}), flush=True)
    while not start.exists():
        time.sleep(0.005)
    try:
        services.case_update(case=case, actor=person, expected_version=version, data={"issue": issue})
        print(json.dumps({"outcome": "saved"}), flush=True)
    except services.CaseChanged as exc:
        changes = [{"field": c.field, "label": c.label, "before": str(c.before), "after": str(c.after)}
                   for c in exc.changes]
        print(json.dumps({"outcome": "refused", "message": str(exc), "changes": changes}), flush=True)
