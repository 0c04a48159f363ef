"""Putting customers in the green channel (绿色通道): on the customer page (desk roles of their own county only,
recorded in the history), in an import column, in the API; the register shows and filters them."""
import pytest

from wanjia.core.testing import api_client, make_customer, page_client
from wanjia.customers.importer import ImportFailed, import_customers
from wanjia.customers.models import Customer, GreenChannelKind
from wanjia.org.models import Role

pytestmark = pytest.mark.django_db


def test_the_counter_puts_a_customer_in_the_green_channel_on_its_page(tree):
    customer = make_customer(tree.a, name="城关小学")
    school = GreenChannelKind.objects.get(code="school")
    counter = page_client(tree.a.users[Role.COUNTER])
    page = counter.get(f"/customers/{customer.pk}/").content.decode()
    assert 'name="green_channel"' in page and "学校" in page
    response = counter.post(f"/customers/{customer.pk}/green-channel/", {"green_channel": school.pk}, follow=True)
    assert "已设为绿色通道:学校" in response.content.decode()
    customer.refresh_from_db()
    assert customer.green_channel == school
    assert customer.history.first().history_user == tree.a.users[Role.COUNTER]
    listing = counter.get("/customers/", {"green_channel": school.pk}).content.decode()
    assert customer.account_number in listing and "bi-signpost-2" in listing
    assert make_customer(tree.a).account_number not in counter.get("/customers/", {"green": "true"}).content.decode()

    counter.post(f"/customers/{customer.pk}/green-channel/", {"green_channel": ""})
    customer.refresh_from_db()
    assert customer.green_channel is None


def test_only_the_desk_of_the_customers_own_county_may_change_it(tree):
    customer = make_customer(tree.a)
    hospital = GreenChannelKind.objects.get(code="hospital")
    auditor = page_client(tree.a.users[Role.AUDITOR])
    assert 'name="green_channel"' not in auditor.get(f"/customers/{customer.pk}/").content.decode()
    assert auditor.post(f"/customers/{customer.pk}/green-channel/", {"green_channel": hospital.pk}).status_code == 403
    other = page_client(tree.b.users[Role.COUNTER])
    assert other.post(f"/customers/{customer.pk}/green-channel/", {"green_channel": hospital.pk}).status_code == 404
    hospital.is_active = False
    hospital.save()
    page_client(tree.a.users[Role.MANAGER]).post(f"/customers/{customer.pk}/green-channel/",
                                                 {"green_channel": hospital.pk})
    customer.refresh_from_db()
    assert customer.green_channel is None  # a kind switched off is not given out any more


HEADER = "户号,户名,客户类别,走进类别,重要负荷,绿色通道,用电地址,联系电话,供电所编码"


def test_the_import_reads_a_green_channel_column(tree):
    ok = "\n".join([HEADER, f"9100000001,城关卫生院,低压非居民,医院,是,医院,甲县1号,13800000011,{tree.a.station.code}",
                    f"9100000002,城关中学,低压非居民,学校,是,school,甲县2号,13800000012,{tree.a.station.code}",
                    f"9100000003,张三,居民,,否,,甲县3号,13800000013,{tree.a.station.code}"]) + "\n"
    assert import_customers(ok.encode(), "c.csv") == 3
    assert dict(Customer.objects.values_list("account_number", "green_channel__code")) == {
        "9100000001": "hospital", "9100000002": "school", "9100000003": None}
    bad = "\n".join([HEADER, f"9100000004,某敬老院,低压非居民,,是,养老院,甲县4号,13800000014,{tree.a.station.code}"])
    with pytest.raises(ImportFailed) as err:
        import_customers(bad.encode(), "c.csv")
    assert "第 2 行" in str(err.value) and "养老院" in str(err.value) and "医院" in str(err.value)


def test_the_api_shows_and_sets_the_green_channel(tree):
    customer = make_customer(tree.a)
    client = api_client(tree.a.users[Role.MANAGER])
    url = f"/api/v1/customers/customers/{customer.pk}/"
    response = client.patch(url, {"green_channel": "hospital"}, format="json")
    assert response.status_code == 200, response.content
    assert client.get(url).json()["green_channel"] == "hospital"
    assert client.patch(url, {"green_channel": "nursing_home"}, format="json").status_code == 400
