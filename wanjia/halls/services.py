"""Every write about halls: profiles, hours, facility checks, duty, visits and evaluations."""
import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wanjia.core.errors import DomainError
from wanjia.halls.models import (BusinessHall, CounterDuty, DissatisfactionReason, Evaluation, EvaluationChannel,
                                 Facility, FacilityCheck, HallService, OpeningHours, Practice, Rating, SkillCheck,
                                 SkillItem, TrainingAttendance, TrainingSession, Visit)
from wanjia.org.models import Role, Unit, UnitKind, User
from wanjia.org.scoping import ensure_in_scope, ensure_unit_in_scope


@transaction.atomic
def hall_profile_save(*, unit: Unit, counters: int, services: Iterable[HallService] = (),
                      open_on_public_holidays: bool = False, notes: str = "", actor: User | None) -> BusinessHall:
    if actor is not None:
        ensure_unit_in_scope(actor, unit)
    hall = BusinessHall.objects.filter(unit=unit).first() or BusinessHall(unit=unit)
    hall.counters, hall.open_on_public_holidays, hall.notes = counters, open_on_public_holidays, notes
    hall.full_clean()
    hall.save()
    hall.services.set(services)
    return hall


@transaction.atomic
def opening_hours_set(*, hall: BusinessHall, periods: Iterable[tuple[int, dt.time, dt.time]],
                      actor: User | None) -> list[OpeningHours]:
    """Replace the week's hours. Periods on the same day must not overlap."""
    if actor is not None:
        ensure_in_scope(actor, hall)
    rows = sorted(periods)
    for (day, opens, closes), (next_day, next_opens, _c) in zip(rows, rows[1:]):
        if day == next_day and next_opens < closes:
            raise ValidationError({"opening_hours": _("同一天的营业时段不能重叠。")})
    for _day, opens, closes in rows:
        if closes <= opens:
            raise ValidationError({"opening_hours": _("关门时间必须晚于开门时间。")})
    hall.opening_hours.all().delete()
    return OpeningHours.objects.bulk_create(
        [OpeningHours(hall=hall, weekday=day, opens=opens, closes=closes) for day, opens, closes in rows])


@transaction.atomic
def facility_checks_record(*, hall: BusinessHall, answers: dict[Facility, tuple[bool, str]],
                           actor: User | None, at: dt.datetime | None = None) -> None:
    """Record the checklist answers (facility -> (present, note)); the latest answer replaces the earlier one."""
    if actor is not None:
        ensure_in_scope(actor, hall)
    at = at or timezone.now()
    for facility, (present, note) in answers.items():
        FacilityCheck.objects.update_or_create(
            hall=hall, facility=facility,
            defaults={"present": present, "note": note, "checked_at": at, "checked_by": actor})


def may_staff_counter(hall: BusinessHall, user: User) -> bool:
    """Counter staff of the hall itself or of the county (or station) it belongs to."""
    if not user.has_role(Role.COUNTER) or user.unit_id is None:
        return False
    unit = user.unit
    if unit.pk == hall.unit_id or hall.unit.path[:-Unit.steplen] == unit.path:
        return True
    return unit.kind == UnitKind.COUNTY and hall.unit.path.startswith(unit.path)


@transaction.atomic
def duty_start(*, hall: BusinessHall, staff: User, counter_no: int, actor: User | None,
               at: dt.datetime | None = None) -> CounterDuty:
    if actor is not None:
        ensure_in_scope(actor, hall)
    if not may_staff_counter(hall, staff):
        raise DomainError(_("只有本营业厅或所属县公司的窗口人员可以上岗。"), code="not_counter_staff", field="staff")
    if not 1 <= counter_no <= hall.counters:
        raise DomainError(_("窗口号应在 1 到 %(n)d 之间。") % {"n": hall.counters}, field="counter_no")
    at = at or timezone.now()
    # Signing on somewhere else ends the clerk's earlier duty.
    CounterDuty.objects.filter(staff=staff, ended_at__isnull=True).update(ended_at=at)
    if CounterDuty.objects.filter(hall=hall, counter_no=counter_no, ended_at__isnull=True).exists():
        raise DomainError(_("%(n)d 号窗口已有人员在岗。") % {"n": counter_no}, code="counter_taken", field="counter_no")
    try:
        with transaction.atomic():
            return CounterDuty.objects.create(hall=hall, staff=staff, counter_no=counter_no, started_at=at)
    except IntegrityError as exc:  # two sign-ons at the same moment
        raise DomainError(_("%(n)d 号窗口已有人员在岗。") % {"n": counter_no}, code="counter_taken",
                          field="counter_no") from exc


@transaction.atomic
def duty_end(*, duty: CounterDuty, actor: User | None, at: dt.datetime | None = None) -> CounterDuty:
    if actor is not None:
        ensure_in_scope(actor, duty)
    CounterDuty.objects.filter(pk=duty.pk, ended_at__isnull=True).update(ended_at=at or timezone.now())
    duty.refresh_from_db()
    return duty


def on_duty(hall: BusinessHall) -> list[CounterDuty]:
    return list(hall.duties.filter(ended_at__isnull=True).select_related("staff").order_by("counter_no"))


@transaction.atomic
def visit_record(*, hall: BusinessHall, counter_no: int | None = None, staff: User | None = None,
                 service: HallService | None = None, practices: Iterable[Practice] = (),
                 served_at: dt.datetime | None = None, actor: User | None) -> Visit:
    """A customer served. Without a named clerk, the one on duty at the counter is credited."""
    if actor is not None:
        ensure_in_scope(actor, hall)
    if counter_no is not None and not 1 <= counter_no <= hall.counters:
        raise DomainError(_("窗口号应在 1 到 %(n)d 之间。") % {"n": hall.counters}, field="counter_no")
    if staff is None and counter_no is not None:
        duty = hall.duties.filter(counter_no=counter_no, ended_at__isnull=True).select_related("staff").first()
        staff = duty.staff if duty else None
    if staff is not None and not may_staff_counter(hall, staff):
        raise DomainError(_("只有本营业厅或所属县公司的窗口人员可以记为经办人。"), code="not_counter_staff", field="staff")
    visit = Visit(hall=hall, counter_no=counter_no, staff=staff, service=service,
                  served_at=served_at or timezone.now(), recorded_by=actor)
    visit.full_clean()
    visit.save()
    visit.practices.set(practices)
    return visit


@transaction.atomic
def evaluation_submit(*, visit: Visit, rating: str, reasons: Iterable[DissatisfactionReason] = (),
                      comment: str = "", channel: str, at: dt.datetime | None = None) -> Evaluation:
    """One evaluation per visit. A dissatisfied customer names at least one reason; reasons only go with
    dissatisfaction."""
    reasons = list(reasons)
    if rating not in Rating.values:
        raise ValidationError({"rating": _("请选择评价。")})
    if channel not in EvaluationChannel.values:
        raise ValidationError({"channel": _("评价方式无效。")})
    if rating == Rating.DISSATISFIED and not reasons:
        raise ValidationError({"reasons": _("请选择至少一个不满意的原因。")})
    if rating != Rating.DISSATISFIED:
        reasons = []
    # Lock the visit so two taps on the evaluator cannot both count.
    Visit.objects.select_for_update().filter(pk=visit.pk).first()
    if Evaluation.objects.filter(visit=visit).exists():
        raise DomainError(_("这次服务已经评价过了,谢谢。"), code="already_evaluated")
    evaluation = Evaluation(visit=visit, rating=rating, comment=comment.strip()[:500], channel=channel,
                            created_at=at or timezone.now())
    evaluation.full_clean(exclude=["visit"])
    evaluation.save()
    evaluation.reasons.set(reasons)
    return evaluation


@transaction.atomic
def evaluation_from_hall_code(*, hall: BusinessHall, rating: str, reasons: Iterable[DissatisfactionReason] = (),
                              comment: str = "", service: HallService | None = None) -> Evaluation:
    """A customer rates a visit from the code on the hall's poster: the visit is recorded with it (clerk
    unknown), so every evaluation belongs to exactly one visit."""
    visit = visit_record(hall=hall, service=service, actor=None)
    return evaluation_submit(visit=visit, rating=rating, reasons=reasons, comment=comment,
                             channel=EvaluationChannel.PORTAL)


# --- counter staff skills -----------------------------------------------------------------------------------

def is_counter_staff_of(user: User, unit: Unit) -> bool:
    return bool(user.is_active and user.unit_id and user.unit.path.startswith(unit.path)
                and user.role_codes & {Role.COUNTER})


@transaction.atomic
def training_record(*, unit: Unit, title: str, date: dt.date, hours, actor: User,
                    attendance: Iterable[tuple[User, bool, str]], skills: Iterable[SkillItem] = (),
                    trainer: str = "", content: str = "") -> TrainingSession:
    """A held training session with each invited clerk's attendance (present or absent, and why)."""
    ensure_unit_in_scope(actor, unit)
    if date > timezone.localdate():
        raise DomainError(_("培训尚未举行,请在培训后登记。"), field="date")
    if not (title or "").strip():
        raise DomainError(_("请填写培训主题。"), field="title")
    rows = list(attendance)
    if not rows:
        raise DomainError(_("请登记参训人员。"), field="attendance")
    for staff, _attended, _note in rows:
        if not is_counter_staff_of(staff, unit):
            raise DomainError(_("「%(u)s」不是本单位的窗口人员。") % {"u": staff}, field="attendance")
    if len({staff.pk for staff, _a, _n in rows}) != len(rows):
        raise DomainError(_("参训人员有重复。"), field="attendance")
    session = TrainingSession(unit=unit, title=title.strip(), date=date, hours=hours, trainer=trainer,
                              content=content, recorded_by=actor)
    try:
        session.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(messages[0], field=field) from exc
    session.save()
    session.skills.set(skills)
    TrainingAttendance.objects.bulk_create([TrainingAttendance(session=session, staff=staff, attended=attended,
                                                               note=note) for staff, attended, note in rows])
    return session


@transaction.atomic
def skill_check_record(*, staff: User, skill: SkillItem, score: int, checked_on: dt.date, actor: User,
                       note: str = "") -> SkillCheck:
    """A clerk's check on one skill; passed when the score reaches the item's pass mark. A clerk does not
    check themself."""
    if staff.unit_id is None or not is_counter_staff_of(staff, staff.unit):
        raise DomainError(_("只能考核窗口人员。"), field="staff")
    ensure_unit_in_scope(actor, staff.unit)
    if actor.pk == staff.pk:
        raise DomainError(_("不能考核自己。"), field="staff")
    if not 0 <= int(score) <= 100:
        raise DomainError(_("得分必须在 0 到 100 之间。"), field="score")
    if checked_on > timezone.localdate():
        raise DomainError(_("考核日期不能晚于今天。"), field="checked_on")
    check = SkillCheck(staff=staff, unit=staff.unit, skill=skill, score=int(score), checked_on=checked_on,
                       passed=int(score) >= skill.pass_score, checker=actor, note=note)
    check.save()
    return check
