"""`wanjia rename-files`: once, after upgrading to generated file names (see README, "Stored files")."""
from django.core.management.base import BaseCommand

from wanjia.core.files import rename_stored_files


class Command(BaseCommand):
    help = ("Rename files stored under client-chosen names to generated names typed by their content, and "
            "update every row that points at them. Safe to run again; nothing is lost.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count what would be renamed, change nothing")

    def handle(self, *args, dry_run: bool = False, **options):
        counts = rename_stored_files(dry_run=dry_run)
        verb = "would rename" if dry_run else "renamed"
        self.stdout.write(f"{verb} {counts['files']} file(s) for {counts['rows']} row(s); "
                          f"{counts['missing']} row(s) point at a missing file and were left as they are")
