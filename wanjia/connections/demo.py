"""Demo connection applications: every class in every state (each stage, paused, completed, withdrawn), some
overdue and some paused in county p010101, a few 三指定 flags. Timelines are planned in calendar time ending
now; deadlines, durations and figures are then computed from those timestamps with the same functions the
services use, and rows are inserted in bulk."""
import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from wanjia.commitments.models import ConnectionStage as S
from wanjia.commitments.services import active_policy_set
from wanjia.connections.models import (Application, ApplicationDocument, ApplicationEvent, ApplicationStatus,
                                       ApplicationType, CapacityRule, CustomerVisit, DesignationRecord,
                                       DesignationScope, IntakeChannel, Pause, PauseReason, RequiredDocument,
                                       StageRecord)
from wanjia.connections.services import stage_deadline, stage_map
from wanjia.core import worktime
from wanjia.core.demo import DemoContext
from wanjia.customers.demo import SURNAMES, GIVEN, ENTERPRISE_KINDS
from wanjia.customers.models import Customer, CustomerClass as C, GreenChannelKind

CLASS_WEIGHTS = [(C.RESIDENT, 0.5), (C.LV_NON_RESIDENT, 0.3), (C.HV_SINGLE, 0.15), (C.HV_DUAL, 0.05)]
KVA_RANGE = {C.RESIDENT: (4, 40), C.LV_NON_RESIDENT: (20, 160), C.HV_SINGLE: (200, 4000), C.HV_DUAL: (800, 8000)}
END_STATES = [ApplicationStatus.COMPLETED, ApplicationStatus.WITHDRAWN]
PAUSE_DETAILS = {
    PauseReason.DOCUMENTS_MISSING: "缺产权证明,客户需补交",
    PauseReason.CUSTOMER_WORKS: "客户受电工程未完工",
    PauseReason.CUSTOMER_REQUEST: "客户要求延后送电",
}
RECOMMENDED = ["客户反映柜台人员推荐了某施工队", "客户称被告知只能购买指定厂家的变压器", "客户反映设计需找供电所介绍的单位"]
PDF = b"%PDF-1.4\n% Wanjia demo document\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HOUR = dt.timedelta(hours=1)


def _pick(rng, weighted):
    roll, acc = rng.random(), 0.0
    for value, weight in weighted:
        acc += weight
        if roll < acc:
            return value
    return weighted[-1][0]


def _name(rng, customer_class) -> str:
    if customer_class == C.RESIDENT:
        return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
    return rng.choice(SURNAMES) + "氏" + rng.choice(ENTERPRISE_KINDS)


class Builder:
    def __init__(self, ctx: DemoContext):
        self.ctx, self.rng, self.now = ctx, ctx.rng, ctx.now
        self.policy = active_policy_set()
        self.limits = {(limit.stage, limit.customer_class): limit.working_days
                       for limit in self.policy.connection_limits.all()}
        self.targets = {(t.stage, t.customer_class): t.working_days for t in self.policy.green_stage_targets.all()}
        self.green_kinds = list(GreenChannelKind.objects.filter(is_active=True))
        self.ceilings = dict(CapacityRule.objects.values_list("customer_class", "max_kva"))
        self.maps: dict = {}
        self.plans: list[dict] = []

    def stages_for(self, customer_class, application_type, kva):
        key = (customer_class, application_type, kva > 100)
        if key not in self.maps:
            self.maps[key] = stage_map(customer_class, application_type, kva)
        return self.maps[key]

    def plan(self, *, station, handlers, customer_class, target, overdue: bool, paused: bool, flagged: bool,
             green: bool = False):
        """One application's timeline, ending at `now` in the target state."""
        rng = self.rng
        application_type = _pick(rng, [(ApplicationType.NEW, 0.7), (ApplicationType.CAPACITY_INCREASE, 0.2),
                                       (ApplicationType.TEMPORARY, 0.1)])
        lo, hi = KVA_RANGE[customer_class]
        ceiling = self.ceilings.get(customer_class)
        kva = Decimal(rng.randint(lo, int(min(hi, ceiling)) if ceiling else hi))
        stages = self.stages_for(customer_class, application_type, kva)
        if target in stages:
            done = stages[:stages.index(target)]
        elif target == ApplicationStatus.COMPLETED:
            done = list(stages)
        else:  # withdrawn somewhere along the way
            done = stages[:rng.randint(1, len(stages) - 1)]
        steps = []  # (stage, calendar hours, pause (start offset h, length h, reason) | None)
        for stage in done:
            limit = self.limits.get((stage, customer_class))
            working = limit * rng.uniform(0.3, 1.15) if limit else rng.uniform(0.1, 1.0)
            pause = None
            if limit and rng.random() < 0.2:
                pause = (rng.uniform(2, 20), rng.uniform(24, 120), rng.choice(list(PAUSE_DETAILS)))
            steps.append((stage, working * 24 * 1.45 + (pause[1] if pause else 0), pause))
        current = None
        if target in stages:
            limit = self.limits.get((target, customer_class))
            share = rng.uniform(1.2, 2.0) if overdue and limit else rng.uniform(0.05, 0.7)
            current = (target, (limit or 1) * share * 24 * 1.45 + 2)
        total = sum(h for _, h, _ in steps) + (current[1] if current else rng.uniform(24, 24 * 40))
        self.plans.append({
            "station": station, "handlers": handlers, "customer_class": customer_class,
            "application_type": application_type, "kva": kva, "stages": stages, "steps": steps, "current": current,
            "target": target, "paused": paused and current is not None and target != S.ACCEPTANCE,
            "flagged": flagged, "received_at": self.now - dt.timedelta(hours=total),
            "green": rng.choice(self.green_kinds) if green and self.green_kinds else None,
            "channel": _pick(rng, [(IntakeChannel.COUNTER, 0.55), (IntakeChannel.ONLINE, 0.35),
                                   (IntakeChannel.MOBILE, 0.1)]),
        })


def build(ctx: DemoContext) -> None:
    b = Builder(ctx)
    rng = ctx.rng
    first = ctx.counties[0]
    first_stations = [s for s in ctx.stations if s.path.startswith(first.path)]
    users = ctx.users
    code = first.code.lower()
    first_handlers = [users[f"{code}.{r}"] for r in ("counter", "crew1", "crew2") if f"{code}.{r}" in users]
    handlers_by_county = {first.pk: first_handlers}
    if len(ctx.counties) > 1:
        second = ctx.counties[1].code.lower()
        handlers_by_county[ctx.counties[1].pk] = [users[f"{second}.{r}"] for r in ("counter", "crew1")
                                                  if f"{second}.{r}" in users]
    county_of = {s.pk: next((c for c in ctx.counties if s.path.startswith(c.path)), None) for s in ctx.stations}

    # Every class in every state in the first county, several times over, with overdue and paused ones.
    states = [*[s.value for s in S], *END_STATES]
    for customer_class, _w in CLASS_WEIGHTS:
        for target in states:
            for copy in range(3):
                b.plan(station=rng.choice(first_stations), handlers=first_handlers, customer_class=customer_class,
                       target=target, overdue=copy == 0, paused=copy == 1, flagged=copy == 2,
                       green=copy == 2 and customer_class != "resident")
    # The rest spread over the province.
    extra = max(60, min(3000, ctx.scale // 40))
    for _ in range(extra):
        station = rng.choice(ctx.stations)
        county = county_of[station.pk]
        target = _pick(rng, [(ApplicationStatus.COMPLETED, 0.55), (ApplicationStatus.WITHDRAWN, 0.05),
                             *[(s.value, 0.4 / len(S)) for s in S]])
        b.plan(station=station, handlers=handlers_by_county.get(county.pk if county else None, []),
               customer_class=_pick(rng, CLASS_WEIGHTS), target=target, overdue=rng.random() < 0.15,
               paused=rng.random() < 0.1, flagged=rng.random() < 0.01, green=rng.random() < 0.05)
    _write(b)
    ctx.say(f"  connections: {Application.objects.count()} applications, "
            f"{StageRecord.objects.count()} stage records, {Pause.objects.count()} pauses, "
            f"{DesignationRecord.objects.filter(is_flagged=True).count()} 三指定 flags")


def _write(b: Builder) -> None:
    rng, now = b.rng, b.now
    # One stored sample shared by every demo document, under a generated name like real uploads.
    sample_name = ApplicationDocument._meta.get_field("file").generate_filename(None, "sample.pdf")
    sample = default_storage.save(sample_name, ContentFile(PDF))
    existing = {}
    for pk, station_id, cls in Customer.objects.values_list("pk", "station_id", "customer_class").order_by("pk")[:50000]:
        existing.setdefault((station_id, cls), pk)

    apps = []
    for i, p in enumerate(b.plans):
        customer_id = existing.get((p["station"].pk, p["customer_class"]))
        if p["application_type"] == ApplicationType.CAPACITY_INCREASE and customer_id is None:
            p["application_type"] = ApplicationType.NEW
        apps.append(Application(
            number=f"DEMO{i:08d}", application_type=p["application_type"],
            customer_id=customer_id if p["application_type"] == ApplicationType.CAPACITY_INCREASE else None,
            applicant_name=_name(rng, p["customer_class"]), phone=f"13{rng.randint(100000000, 999999999)}",
            customer_class=p["customer_class"], requested_kva=p["kva"],
            address=f"{p['station'].name[:-3]}{rng.randint(1, 300)}号", station=p["station"], channel=p["channel"],
            status=p["target"], policy_set=b.policy, received_at=p["received_at"], green_channel=p["green"],
        ))
    Application.objects.bulk_create(apps, batch_size=1000)
    for app in apps:
        app.number = f"YK{timezone.localtime(app.received_at):%Y%m%d}{app.pk:06d}"

    stages, pauses, visits, events, documents, designations, customers = [], [], [], [], [], [], {}
    for app, p in zip(apps, b.plans):
        handlers = p["handlers"]
        handler = rng.choice(handlers) if handlers else None
        cursor = app.received_at
        if app.channel == IntakeChannel.COUNTER:
            visits.append(CustomerVisit(application=app, at=cursor, purpose="到厅提交申请"))
        events.append(ApplicationEvent(application=app, at=cursor, from_status="", to_status=p["stages"][0],
                                       note="受理"))
        records = {}
        previous = p["stages"][0]
        for stage, hours, pause in p["steps"]:
            record = StageRecord(application=app, stage=stage, position=p["stages"].index(stage), handler=handler,
                                 started_at=cursor, limit_days=b.limits.get((stage, app.customer_class)))
            end = cursor + dt.timedelta(hours=hours)
            record_pauses = []
            if pause:
                start = cursor + dt.timedelta(hours=pause[0])
                record_pauses.append(Pause(stage=record, reason=pause[2], detail=PAUSE_DETAILS[pause[2]],
                                           needs_visit=pause[2] == PauseReason.DOCUMENTS_MISSING, started_at=start,
                                           ended_at=start + dt.timedelta(hours=pause[1]), started_by=handler,
                                           ended_by=handler))
                if pause[2] == PauseReason.DOCUMENTS_MISSING:
                    visits.append(CustomerVisit(application=app, at=record_pauses[0].ended_at, purpose="补交资料"))
            spans = [(x.started_at, x.ended_at) for x in record_pauses]
            record.finished_at = end
            record.due_at = stage_deadline(cursor, record.limit_days, spans)
            _green_target(b, app, record, spans)
            record.used_days = worktime.elapsed_days(cursor, end, pauses=spans)
            records[stage] = (record, record_pauses)
            following = p["stages"][p["stages"].index(stage) + 1] if stage != p["stages"][-1] else "completed"
            events.append(ApplicationEvent(application=app, at=end, from_status=previous, to_status=following,
                                           actor=handler, data={"stage": stage, "used_days": record.used_days}))
            previous = following
            cursor = end
            if stage == S.METERING:
                app.connected_at = end
                app.utility_days = sum(r.used_days for r, _ in records.values() if r.stage != S.ARCHIVED)
                app.total_days = worktime.elapsed_days(app.received_at, end)
        if p["current"]:
            stage = p["current"][0]
            record = StageRecord(application=app, stage=stage, position=p["stages"].index(stage), handler=handler,
                                 started_at=cursor, limit_days=b.limits.get((stage, app.customer_class)))
            record_pauses = []
            if p["paused"]:
                record_pauses.append(Pause(stage=record, reason=PauseReason.CUSTOMER_WORKS,
                                           detail=PAUSE_DETAILS[PauseReason.CUSTOMER_WORKS],
                                           started_at=max(cursor, now - dt.timedelta(hours=rng.uniform(2, 72))),
                                           started_by=handler))
            record.due_at = stage_deadline(cursor, record.limit_days)
            _green_target(b, app, record, [])
            records[stage] = (record, record_pauses)
        elif app.status == ApplicationStatus.WITHDRAWN:
            app.completed_at = now - dt.timedelta(hours=rng.uniform(1, 500))
            events.append(ApplicationEvent(application=app, at=app.completed_at, from_status=previous,
                                           to_status=ApplicationStatus.WITHDRAWN, note="客户撤回申请"))
        else:
            app.completed_at = cursor
        for stage in p["stages"]:
            if stage not in records:
                records[stage] = (StageRecord(application=app, stage=stage, position=p["stages"].index(stage)), [])
        for record, record_pauses in records.values():
            stages.append(record)
            pauses.extend(record_pauses)
        accepted = any(stage == S.ACCEPTANCE for stage, _h, _p in p["steps"])
        for requirement in _requirements(app):
            if accepted or rng.random() < 0.6:
                documents.append(ApplicationDocument(application=app, requirement=requirement, file=sample,
                                                     name=requirement.name))
        if accepted and app.application_type != ApplicationType.CAPACITY_INCREASE:
            customers[app.pk] = Customer(account_number=app.number, name=app.applicant_name,
                                         customer_class=app.customer_class, address=app.address, phone=app.phone,
                                         station_id=app.station_id, green_channel_id=app.green_channel_id)
        if app.customer_class != C.RESIDENT and S.SUPPLY_PLAN in records and records[S.SUPPLY_PLAN][0].finished_at:
            at = records[S.SUPPLY_PLAN][0].finished_at
            for scope in DesignationScope:
                bad = p["flagged"] and scope == DesignationScope.CONSTRUCTION
                designations.append(DesignationRecord(
                    application=app, scope=scope, chosen_freely=not bad or rng.random() < 0.5,
                    chosen_party=f"{app.applicant_name[:1]}客户自选{scope.label}", staff_recommended=bad,
                    recommendation_detail=rng.choice(RECOMMENDED) if bad else "", declared_by=app.applicant_name,
                    recorded_at=at, recorded_by=handler, is_flagged=bad))
    Customer.objects.bulk_create(customers.values(), batch_size=1000)
    for app in apps:
        if app.pk in customers:
            app.customer_id = customers[app.pk].pk
    Application.objects.bulk_update(apps, ["number", "customer", "connected_at", "utility_days", "total_days",
                                           "completed_at"], batch_size=1000)
    StageRecord.objects.bulk_create(stages, batch_size=2000)
    for pause in pauses:
        pause.stage_id = pause.stage.pk
    Pause.objects.bulk_create(pauses, batch_size=2000)
    CustomerVisit.objects.bulk_create(visits, batch_size=2000)
    ApplicationEvent.objects.bulk_create(events, batch_size=2000)
    ApplicationDocument.objects.bulk_create(documents, batch_size=2000)
    DesignationRecord.objects.bulk_create(designations, batch_size=2000)
    # One flagged record already concluded, so the auditor's list shows both kinds.
    concluded = DesignationRecord.objects.filter(is_flagged=True).order_by("pk").first()
    if concluded:
        DesignationRecord.objects.filter(pk=concluded.pk).update(
            reviewed_at=now, review_note="已约谈当事人,经核实为误解,已向客户说明可自主选择。")


_requirement_cache: dict = {}


def _green_target(b: Builder, app, record, spans) -> None:
    if app.green_channel_id:
        record.target_days = b.targets.get((record.stage, app.customer_class))
        record.target_due_at = stage_deadline(record.started_at, record.target_days, spans)


def _requirements(app):
    key = (app.customer_class, app.application_type)
    if key not in _requirement_cache:
        _requirement_cache[key] = list(RequiredDocument.objects.filter(
            customer_class=app.customer_class, is_active=True, application_type__in=["", app.application_type]))
    return _requirement_cache[key]

