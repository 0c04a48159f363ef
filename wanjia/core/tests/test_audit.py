"""Every domain record's create, change and delete is recorded with who, when and what changed
(django-simple-history), except records that are themselves append-only logs."""
import pytest
from django.apps import apps
from django.conf import settings

from wanjia.core.models import Event, IdempotencyKey
from wanjia.core.testing import api_client, make_customer
from wanjia.customers.models import Customer
from wanjia.org.models import Role

# Append-only or technical rows: their own rows are the record.
NOT_AUDITED = {IdempotencyKey, "notifications.Notification"}


def _exempt(model) -> bool:
    return (issubclass(model, Event) or model in NOT_AUDITED or model._meta.label in NOT_AUDITED
            or getattr(model, "audit_exempt", False))


def test_every_domain_model_keeps_history():
    missing = []
    for app in settings.DOMAIN_APPS:
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical") or model._meta.auto_created or _exempt(model):
                continue
            if not hasattr(model, "history"):
                missing.append(model._meta.label)
    assert missing == []


def test_history_records_who_when_and_what(tree):
    customer = make_customer(tree.a, name="旧名")
    client = api_client(tree.a.users[Role.COUNTER])
    assert client.patch(f"/api/v1/customers/customers/{customer.pk}/", {"name": "新名"}, format="json").status_code == 200
    latest, previous = customer.history.all()[:2]
    assert latest.history_user == tree.a.users[Role.COUNTER]
    delta = latest.diff_against(previous)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("name", "旧名", "新名")]
    Customer.objects.get(pk=customer.pk).delete()
    assert customer.history.first().history_type == "-"


@pytest.mark.django_db
def test_role_changes_of_a_user_are_recorded(tree):
    user = tree.a.users[Role.CREW]
    user.roles.add(Role.objects.get(code=Role.DISPATCHER))
    assert user.history.exists()
