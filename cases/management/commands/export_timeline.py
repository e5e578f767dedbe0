"""manage.py export_timeline [--output FILE] [--since YYYY-MM-DD]: the audit trail as CSV, from the shell.

The same columns as the supervisors' /export/timeline.csv (cases.exporters.event_rows): every event of
every case, oldest first, with who did it and what changed. For an archive next to each backup.
"""

import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from cases import exporters
from cases.models import Case


class Command(BaseCommand):
    help = "Write every case's timeline (the audit trail) as CSV to a file or standard output."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")
        parser.add_argument("--since", help="Only cases started on or after this day (YYYY-MM-DD).")

    def handle(self, *args, output=None, since=None, **options):
        cases = Case.objects.all()
        if since:
            try:
                cases = cases.filter(started_at__date__gte=date.fromisoformat(since))
            except ValueError:
                raise CommandError(f"--since {since!r} is not a day: expected YYYY-MM-DD.")
        if output:
            with open(output, "w", newline="", encoding="utf-8") as out:
                exporters.write_csv(exporters.event_rows(cases), out)
            self.stderr.write(f"Wrote the timeline to {output}.")
        else:
            exporters.write_csv(exporters.event_rows(cases), sys.stdout)
