"""三指定: the customer's own choice is recorded as typed; a staff recommendation is flagged for the auditors."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wanjia.connections import services
from wanjia.connections.models import DesignationRecord, DesignationScope
from wanjia.connections.tests.factories import make_application
from wanjia.customers.models import CustomerClass as C
from wanjia.notifications.models import Notification

pytestmark = pytest.mark.django_db


def record(app, user, **overrides):
    values = {"scope": DesignationScope.DESIGN, "chosen_freely": True, "chosen_party": "某某电力设计院",
              "declared_by": "客户经办人王五", "staff_recommended": False, "recommendation_detail": ""}
    values.update(overrides)
    return services.designation_record(application=app, actor=user, **values)


def test_free_choice_is_recorded_as_typed_and_not_flagged(tree):
    app = make_application(tree.a, customer_class=C.HV_SINGLE)
    rec = record(app, tree.a.users["counter"], chosen_party="  客户自选的甲公司 ")
    assert rec.chosen_party == "客户自选的甲公司" and not rec.is_flagged
    assert not Notification.objects.filter(kind="connections.designation_flag").exists()


def test_staff_recommendation_is_flagged_and_sent_to_the_auditors(tree):
    app = make_application(tree.a, customer_class=C.HV_SINGLE)
    with pytest.raises(ValidationError) as info:
        record(app, tree.a.users["counter"], staff_recommended=True)
    assert "recommendation_detail" in info.value.message_dict
    rec = record(app, tree.a.users["counter"], scope=DesignationScope.CONSTRUCTION, staff_recommended=True,
                 recommendation_detail="客户反映营业厅人员推荐了施工队")
    assert rec.is_flagged
    sent = Notification.objects.filter(kind="connections.designation_flag")
    assert {n.recipient for n in sent} == {tree.a.users["auditor"]}  # not county B's auditor
    rec2 = record(app, tree.a.users["counter"], scope=DesignationScope.EQUIPMENT, chosen_freely=False,
                  recommendation_detail="客户称被要求购买指定厂家设备")
    assert rec2.is_flagged


def test_correcting_a_record_keeps_one_row_per_scope_with_history(tree):
    app = make_application(tree.a, customer_class=C.HV_SINGLE)
    record(app, tree.a.users["counter"])
    record(app, tree.a.users["counter"], chosen_party="另一家设计院")
    rec = DesignationRecord.objects.get(application=app, scope=DesignationScope.DESIGN)
    assert rec.chosen_party == "另一家设计院" and rec.history.count() == 2


def test_only_auditors_in_scope_review(tree):
    app = make_application(tree.a, customer_class=C.HV_SINGLE)
    rec = record(app, tree.a.users["counter"], staff_recommended=True, recommendation_detail="推荐")
    with pytest.raises(PermissionDenied):
        services.designation_review(record=rec, actor=tree.a.users["counter"], note="ok")
    with pytest.raises(PermissionDenied):
        services.designation_review(record=rec, actor=tree.b.users["auditor"], note="ok")
    with pytest.raises(ValidationError):
        services.designation_review(record=rec, actor=tree.a.users["auditor"], note=" ")
    services.designation_review(record=rec, actor=tree.a.users["auditor"], note="已约谈,属实,已整改")
    rec.refresh_from_db()
    assert rec.reviewed_by == tree.a.users["auditor"]


def test_blank_choice_is_refused(tree):
    app = make_application(tree.a)
    with pytest.raises(ValidationError) as info:
        record(app, tree.a.users["counter"], chosen_party=" ", declared_by="")
    assert {"chosen_party", "declared_by"} <= set(info.value.message_dict)
    assert not DesignationRecord.objects.exists()
