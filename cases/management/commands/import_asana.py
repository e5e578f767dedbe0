"""manage.py import_asana FILE [--dry-run] [--as USERNAME]: bring the Asana board's cases across."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cases.importers import asana


class Command(BaseCommand):
    help = "Import cases from an Asana CSV export (all or nothing; importing the same file twice changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; save nothing.")
        parser.add_argument("--as", dest="username", default="", help="Record the import as done by this user.")

    def handle(self, *args, file: Path, dry_run: bool, username: str, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file.")
        actor = None
        if username:
            actor = get_user_model().objects.filter(username=username).first()
            if actor is None:
                raise CommandError(f"No user named {username}.")
        plan = asana.read_file(file.read_bytes(), filename=file.name)
        self.stdout.write(plan.report())
        if not plan.ok:
            raise CommandError("Nothing was imported: fix the rows above and run the command again.")
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
            return
        try:
            result = asana.run_import(plan, actor=actor)
        except ValidationError as exc:
            raise CommandError("Nothing was imported:\n  " + "\n  ".join(exc.messages))
        self.stdout.write(self.style.SUCCESS(
            f"Imported {len(result.created)} case(s)"
            + (f"; new brands: {', '.join(result.brands_created)}" if result.brands_created else "") + "."
        ))
