"""Demo halls: a profile for every hall, hours, the facilities checklist, clerks on duty, 90 days of visits
with the plan's practices and evaluations (a few dissatisfied, with reasons), and for the clerks of the demo
counties a training session (one clerk missed it) and skill checks (the third clerk failed etiquette)."""
import datetime as dt

from wanjia.core.demo import DemoContext
from wanjia.halls.models import (BusinessHall, CounterDuty, DissatisfactionReason, Evaluation, EvaluationChannel,
                                 Facility, FacilityCheck, HallService, OpeningHours, Practice, Rating, SkillCheck,
                                 SkillItem, TrainingAttendance, TrainingSession, Visit)
from wanjia.org.demo import DEMO_PASSWORD
from wanjia.org.models import Role
from wanjia.org.services import user_create

WEEK = [(d, dt.time(8, 30), dt.time(12, 0)) for d in range(5)] + \
       [(d, dt.time(14, 0), dt.time(17, 30)) for d in range(5)] + [(5, dt.time(9, 0), dt.time(12, 0))]
DAYS = 90


def _clerks(ctx: DemoContext, hall_unit) -> list:
    """The county's counter user plus two more clerks, for the two counties with demo logins."""
    county = hall_unit.get_parent()
    base = ctx.users.get(f"{county.code.lower()}.counter")
    if base is None:
        return []
    clerks = [base]
    for n in (2, 3):
        username = f"{county.code.lower()}.counter{n}"
        clerks.append(user_create(username=username, password=DEMO_PASSWORD, unit=hall_unit, roles=[Role.COUNTER],
                                  name=f"{county.name[:4]}窗口{n}"))
        ctx.users[username] = clerks[-1]
    return clerks


def build(ctx: DemoContext) -> None:
    rng = ctx.rng
    services = list(HallService.objects.all())
    facilities = list(Facility.objects.filter(is_active=True))
    practices = {p.code: p for p in Practice.objects.all()}
    reasons = list(DissatisfactionReason.objects.all())
    halls = BusinessHall.objects.bulk_create(
        [BusinessHall(unit=u, counters=rng.randint(3, 6), open_on_public_holidays=rng.random() < 0.3) for u in ctx.halls])
    BusinessHall.services.through.objects.bulk_create(
        [BusinessHall.services.through(businesshall_id=h.pk, hallservice_id=s.pk) for h in halls for s in services])
    OpeningHours.objects.bulk_create([OpeningHours(hall=h, weekday=d, opens=o, closes=c) for h in halls
                                      for d, o, c in WEEK])
    FacilityCheck.objects.bulk_create([
        FacilityCheck(hall=h, facility=f, present=rng.random() < 0.88, checked_at=ctx.now - dt.timedelta(days=rng.randint(1, 60)),
                      note="") for h in halls for f in facilities])
    FacilityCheck.objects.filter(present=False).update(note="损坏待修")
    visits, evaluations, chosen = [], [], []
    for hall in halls:
        clerks = _clerks(ctx, hall.unit)
        for counter_no, clerk in enumerate(clerks, start=1):
            CounterDuty.objects.create(hall=hall, staff=clerk, counter_no=counter_no,
                                       started_at=ctx.now.replace(hour=0, minute=30))
        # Clerks differ: the third is the one customers complain about.
        skill = {c.pk: (0.97, 0.9, 0.75)[i] for i, c in enumerate(clerks)}
        for _i in range(rng.randint(40, 80) * (3 if clerks else 1)):
            clerk = rng.choice(clerks) if clerks else None
            served = ctx.now - dt.timedelta(days=rng.uniform(0, DAYS))
            visit = Visit(hall=hall, staff=clerk, counter_no=(clerks.index(clerk) + 1) if clerk else rng.randint(1, hall.counters),
                          service=rng.choice(services), served_at=served)
            visits.append(visit)
            good = skill.get(clerk.pk if clerk else None, 0.9)
            applied = [practices["first_asked"]] if rng.random() < good else []
            if rng.random() < good:
                applied.append(practices["one_time_notice"])
            if rng.random() < good * 0.8:
                applied.append(practices["time_limited"])
            chosen.append(applied)
            if rng.random() < 0.75:
                roll = rng.random()
                rating = (Rating.VERY_SATISFIED if roll < good * 0.7 else Rating.SATISFIED if roll < good
                          else Rating.DISSATISFIED)
                evaluations.append((len(visits) - 1, rating, rng.random() < 0.6))
    Visit.objects.bulk_create(visits, batch_size=2000)
    Through = Visit.practices.through
    Through.objects.bulk_create([Through(visit_id=v.pk, practice_id=p.pk) for v, ps in zip(visits, chosen) for p in ps],
                                batch_size=5000)
    rows = [Evaluation(visit=visits[i], rating=rating, created_at=visits[i].served_at + dt.timedelta(minutes=3),
                       channel=EvaluationChannel.COUNTER if at_counter else EvaluationChannel.PORTAL)
            for i, rating, at_counter in evaluations]
    Evaluation.objects.bulk_create(rows, batch_size=2000)
    RThrough = Evaluation.reasons.through
    RThrough.objects.bulk_create([RThrough(evaluation_id=e.pk, dissatisfactionreason_id=rng.choice(reasons).pk)
                                  for e in rows if e.rating == Rating.DISSATISFIED], batch_size=5000)
    _skills(ctx)
    ctx.say(f"  halls: {len(halls)} profiles, {len(visits)} visits, {len(rows)} evaluations")


def _skills(ctx: DemoContext) -> None:
    skills = list(SkillItem.objects.filter(is_active=True))
    day = ctx.now.date() - dt.timedelta(days=20)
    for county_code in {u.split(".")[0] for u in ctx.users if u.endswith(".counter")}:
        clerks = [ctx.users[k] for k in (f"{county_code}.counter", f"{county_code}.counter2", f"{county_code}.counter3")
                  if k in ctx.users]
        manager = ctx.users.get(f"{county_code}.manager")
        if not clerks or manager is None:
            continue
        session = TrainingSession.objects.create(unit=clerks[0].unit, title="首问负责与一次性告知", date=day, hours=2,
                                                 trainer="市场营销部", recorded_by=manager)
        session.skills.set(skills[:2])
        TrainingAttendance.objects.bulk_create([TrainingAttendance(session=session, staff=c, attended=i < 2,
                                                                   note="" if i < 2 else "轮休")
                                                for i, c in enumerate(clerks)])
        SkillCheck.objects.bulk_create([
            SkillCheck(staff=c, unit=c.unit, skill=s, checked_on=day + dt.timedelta(days=1), checker=manager,
                       score=score, passed=score >= s.pass_score)
            for i, c in enumerate(clerks) for s in skills
            for score in [72 if i == 2 and s.code == "etiquette" else 86 + i]])
