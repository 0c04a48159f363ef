"""Moving an application through its stages: deadlines on the Chinese calendar, no skipping, no finishing
before starting, documents before acceptance, pauses that stop the clock."""
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wanjia.commitments.models import ConnectionStage as S
from wanjia.connections import services
from wanjia.connections.models import (Application, ApplicationDocument, ApplicationStatus, ApplicationType,
                                       CustomerVisit, Pause, PauseReason, RequiredDocument)
from wanjia.connections.tests.factories import checklist, local, make_application, pdf, shows
from wanjia.core.errors import DomainError
from wanjia.customers.models import Customer, CustomerClass as C

pytestmark = pytest.mark.django_db


def finish(app, stage, at, user):
    return services.stage_finish(application=app, stage=stage, actor=user, at=at)


def test_intake_starts_acceptance_and_fixes_the_stage_map(tree):
    app = make_application(tree.a, customer_class=C.LV_NON_RESIDENT, kva=150)
    assert app.number.startswith("YK") and app.status == S.ACCEPTANCE
    stages = list(app.stages.values_list("stage", flat=True))
    assert stages == [S.ACCEPTANCE, S.SUPPLY_PLAN, S.DESIGN_REVIEW, S.INTERMEDIATE_INSPECTION,
                      S.COMPLETION_INSPECTION, S.METERING, S.ARCHIVED]
    first = app.stages.get(stage=S.ACCEPTANCE)
    assert first.started_at == app.received_at and first.handler == tree.a.users["counter"]
    assert first.limit_days is None and first.due_at is None  # acceptance itself has no statutory limit
    assert CustomerVisit.objects.filter(application=app).count() == 1  # came to the counter


def test_missing_documents_block_acceptance_and_are_listed(tree):
    app = make_application(tree.a, customer_class=C.LV_NON_RESIDENT, documents=False)
    user = tree.a.users["counter"]
    with pytest.raises(DomainError) as info:
        finish(app, S.ACCEPTANCE, None, user)
    for requirement in checklist(C.LV_NON_RESIDENT):
        assert shows(info.value.message, requirement.name)
    assert info.value.code == "documents_missing"
    for requirement in checklist(C.LV_NON_RESIDENT)[:-1]:
        services.document_add(application=app, file=pdf(), requirement=requirement, actor=user)
    with pytest.raises(DomainError) as info:
        finish(app, S.ACCEPTANCE, None, user)
    assert info.value.message.count("、") == 0 and shows(info.value.message, checklist(C.LV_NON_RESIDENT)[-1].name)
    services.document_add(application=app, file=pdf(), requirement=checklist(C.LV_NON_RESIDENT)[-1], actor=user)
    finish(app, S.ACCEPTANCE, None, user)
    app.refresh_from_db()
    assert app.status == S.SUPPLY_PLAN


def test_a_fake_pdf_is_refused(tree):
    from django.core.files.uploadedfile import SimpleUploadedFile

    app = make_application(tree.a, documents=False)
    with pytest.raises(ValidationError):
        services.document_add(application=app, actor=tree.a.users["counter"],
                              file=SimpleUploadedFile("x.pdf", b"not a pdf"),
                              requirement=RequiredDocument.objects.filter(customer_class=C.RESIDENT).first())
    assert not ApplicationDocument.objects.filter(application=app).exists()


def test_acceptance_creates_the_customer_for_a_new_connection(tree):
    app = make_application(tree.a)
    finish(app, S.ACCEPTANCE, None, tree.a.users["counter"])
    app.refresh_from_db()
    assert app.customer is not None and app.customer.account_number == app.number
    assert app.customer.phone == app.phone and app.customer.station == tree.a.station


def test_capacity_increase_needs_an_existing_customer(tree):
    with pytest.raises(ValidationError) as info:
        make_application(tree.a, application_type=ApplicationType.CAPACITY_INCREASE)
    assert "customer" in info.value.message_dict


def test_bad_intake_writes_nothing(tree):
    with pytest.raises(DomainError):
        make_application(tree.a, kva=51)  # resident ceiling 50 kVA
    with pytest.raises(ValidationError) as info:
        make_application(tree.a, phone="12ab")
    assert "phone" in info.value.message_dict
    assert not Application.objects.exists() and not Customer.objects.exists()


def test_no_skipping_and_no_finishing_before_start(tree):
    user = tree.a.users["counter"]
    app = make_application(tree.a, received_at=local(2026, 3, 2, 9))
    with pytest.raises(DomainError) as info:
        finish(app, S.METERING, local(2026, 3, 3, 9), user)
    assert info.value.code == "stage_skipped" and shows(info.value.message, "业务受理", "供电方案答复", "竣工检验")
    with pytest.raises(DomainError) as info:
        finish(app, S.DESIGN_REVIEW, local(2026, 3, 3, 9), user)
    assert info.value.code == "stage_not_in_map"
    with pytest.raises(DomainError) as info:
        finish(app, S.ACCEPTANCE, local(2026, 3, 2, 8), user)
    assert info.value.code == "finish_before_start"
    finish(app, S.ACCEPTANCE, local(2026, 3, 2, 10), user)
    with pytest.raises(DomainError) as info:
        finish(app, S.ACCEPTANCE, local(2026, 3, 2, 11), user)
    assert info.value.code == "stage_done"


def test_supply_plan_deadline_across_the_2026_spring_festival(tree):
    """Resident supply plan: 3 working days. Accepted Friday 13 February: the working Saturday 14th counts,
    15–23 February is the holiday, so the third working day is Wednesday 25 February."""
    user = tree.a.users["counter"]
    app = make_application(tree.a, received_at=local(2026, 2, 12, 15))
    finish(app, S.ACCEPTANCE, local(2026, 2, 13, 10), user)
    plan = app.stages.get(stage=S.SUPPLY_PLAN)
    assert plan.limit_days == 3
    assert plan.due_at == local(2026, 2, 26, 0, 0)  # end of the 25th
    record = finish(app, S.SUPPLY_PLAN, local(2026, 2, 25, 17), user)
    assert record.finished_at <= record.due_at
    assert record.used_days == pytest.approx(2 + 17 / 24 + 14 / 24)  # 13th 10:00→24:00, 14th, 24th, 25th to 17:00


def test_deadline_counts_the_swapped_working_saturday(tree):
    """Accepted Thursday 26 February 2026: Friday 27th, the working Saturday 28th, Monday 2 March."""
    user = tree.a.users["counter"]
    app = make_application(tree.a, received_at=local(2026, 2, 26, 9))
    finish(app, S.ACCEPTANCE, local(2026, 2, 26, 11), user)
    assert app.stages.get(stage=S.SUPPLY_PLAN).due_at == local(2026, 3, 3, 0, 0)


def test_a_pause_moves_the_deadline_and_every_pause_is_kept(tree):
    user = tree.a.users["counter"]
    app = make_application(tree.a, customer_class=C.HV_SINGLE, received_at=local(2026, 3, 2, 9))
    finish(app, S.ACCEPTANCE, local(2026, 3, 2, 10), user)
    plan = app.stages.get(stage=S.SUPPLY_PLAN)
    original = plan.due_at  # 20 working days
    with pytest.raises(ValidationError) as info:
        services.stage_pause(application=app, reason=PauseReason.DOCUMENTS_MISSING, detail="  ", actor=user,
                             at=local(2026, 3, 3, 9))
    assert "detail" in info.value.message_dict
    services.stage_pause(application=app, reason=PauseReason.DOCUMENTS_MISSING, detail="缺负荷清单", actor=user,
                         at=local(2026, 3, 3, 0), needs_visit=True)
    with pytest.raises(DomainError):
        services.stage_pause(application=app, reason=PauseReason.OTHER, detail="again", actor=user)
    with pytest.raises(DomainError) as info:
        finish(app, S.SUPPLY_PLAN, local(2026, 3, 5, 9), user)
    assert info.value.code == "stage_paused"
    services.stage_resume(application=app, actor=user, at=local(2026, 3, 5, 0))  # two working days paused
    services.stage_pause(application=app, reason=PauseReason.CUSTOMER_WORKS, detail="客户配电房未完工", actor=user,
                         at=local(2026, 3, 6, 0))
    services.stage_resume(application=app, actor=user, at=local(2026, 3, 9, 0))  # Friday only; weekend free
    plan.refresh_from_db()
    assert Pause.objects.filter(stage=plan).count() == 2
    assert plan.due_at == local(2026, 4, 3, 0, 0) and original == local(2026, 3, 31, 0, 0)
    record = finish(app, S.SUPPLY_PLAN, local(2026, 3, 10, 12), user)
    # 3/2 10:00→ 3/10 12:00 is 6 working days + 2 h; 3 whole working days were paused.
    assert record.used_days == pytest.approx(6 + 2 / 24 - 3, abs=1e-6)
    assert CustomerVisit.objects.filter(application=app).count() == 2  # intake + the documents visit


def test_a_pause_cannot_start_before_the_stage(tree):
    user = tree.a.users["counter"]
    app = make_application(tree.a, received_at=local(2026, 3, 2, 9))
    with pytest.raises(DomainError):
        services.stage_pause(application=app, reason=PauseReason.OTHER, detail="x", actor=user,
                             at=local(2026, 3, 1, 9))
    with pytest.raises(DomainError) as info:
        services.stage_resume(application=app, actor=user)
    assert info.value.code == "not_paused"


def test_full_run_records_getting_electricity_figures(tree):
    user = tree.a.users["counter"]
    app = make_application(tree.a, received_at=local(2026, 3, 2, 9))
    steps = [(S.ACCEPTANCE, local(2026, 3, 2, 11)), (S.SUPPLY_PLAN, local(2026, 3, 3, 11)),
             (S.COMPLETION_INSPECTION, local(2026, 3, 4, 11)), (S.METERING, local(2026, 3, 6, 11)),
             (S.ARCHIVED, local(2026, 3, 9, 11))]
    for stage, at in steps:
        finish(app, stage, at, user)
    app.refresh_from_db()
    assert app.status == ApplicationStatus.COMPLETED and app.completed_at == local(2026, 3, 9, 11)
    assert app.connected_at == local(2026, 3, 6, 11)
    assert app.total_days == pytest.approx(4 + 2 / 24)
    assert app.utility_days == pytest.approx(4 + 2 / 24)
    with pytest.raises(DomainError) as info:
        services.stage_pause(application=app, reason=PauseReason.OTHER, detail="x", actor=user)
    assert info.value.code == "application_closed"
    statuses = list(app.events.filter(kind="status").values_list("to_status", flat=True))
    assert statuses == [S.ACCEPTANCE, S.SUPPLY_PLAN, S.COMPLETION_INSPECTION, S.METERING, S.ARCHIVED, "completed"]


def test_handler_must_belong_to_the_applications_unit(tree):
    app = make_application(tree.a)
    with pytest.raises(DomainError) as info:
        services.stage_assign(application=app, handler=tree.b.users["crew"], actor=tree.a.users["manager"])
    assert info.value.field == "handler"
    services.stage_assign(application=app, handler=tree.a.users["crew"], actor=tree.a.users["manager"])
    assert app.stages.get(stage=S.ACCEPTANCE).handler == tree.a.users["crew"]


def test_county_b_cannot_act_on_county_a(tree):
    app = make_application(tree.a)
    with pytest.raises(PermissionDenied):
        finish(app, S.ACCEPTANCE, None, tree.b.users["counter"])
    with pytest.raises(PermissionDenied):
        services.application_intake(
            application_type=ApplicationType.NEW, applicant_name="李四", phone="13800000000",
            customer_class=C.RESIDENT, requested_kva=Decimal(5), address="x", station=tree.a.station,
            channel="counter", actor=tree.b.users["counter"])
    assert Application.objects.restrict(tree.b.users["manager"]).count() == 0
    assert Application.objects.restrict(tree.a.users["manager"]).count() == 1


def test_withdraw_needs_a_reason_and_closes_an_open_pause(tree):
    user = tree.a.users["counter"]
    app = make_application(tree.a)
    services.stage_pause(application=app, reason=PauseReason.CUSTOMER_REQUEST, detail="客户要求暂缓", actor=user)
    with pytest.raises(ValidationError):
        services.application_withdraw(application=app, reason="", actor=user)
    services.application_withdraw(application=app, reason="客户撤回申请", actor=user)
    app.refresh_from_db()
    assert app.status == ApplicationStatus.WITHDRAWN
    assert not Pause.objects.filter(ended_at__isnull=True).exists()
