from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wanjia.customers.importer import ImportFailed, import_customers


class Command(BaseCommand):
    help = "Import customers from a CSV (UTF-8, UTF-8 with BOM, GBK/GB18030) or XLSX file; all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"no such file: {file}")
        try:
            count = import_customers(file.read_bytes(), file.name)
        except ImportFailed as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(exc.errors)} bad row(s) in {file.name}; nothing was imported") from None
        self.stdout.write(f"imported {count} customers from {file.name}")
