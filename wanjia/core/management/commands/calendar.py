"""`wanjia calendar check`: exits non-zero while this year or next is not covered by the working-day
calendar (for monitoring: the State Council's notice for next year usually comes out in Q4)."""
from django.core.management.base import BaseCommand, CommandError

from wanjia.core import worktime


class Command(BaseCommand):
    help = "Working-day calendar: `check` fails while this year or next has no official data nor entered notice."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check"])

    def handle(self, *args, action, **options):
        gaps = worktime.uncovered_years()
        covered = worktime.get_calendar().covered_until
        if gaps:
            raise CommandError(
                f"{'、'.join(map(str, gaps))} 年的节假日未录入(官方日历数据到 {covered} 年为止),期限为暂定:"
                "请在管理后台“年度放假通知”录入国务院办公厅的通知。")
        self.stdout.write(f"工作日历已覆盖到 {max([covered, *worktime.get_calendar().notice_years])} 年。")
