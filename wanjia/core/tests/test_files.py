"""Stored files: generated names typed by content, served only through the scoped view, never from /media/;
images too large in pixels refused with a field message; old names renamed by `wanjia rename-files`."""
import importlib
import io
import re
import struct
import zlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, clear_url_caches, resolve
from PIL import Image
from rest_framework.authtoken.models import Token

from wanjia.core.testing import api_client, make_customer
from wanjia.org.models import Role

pytestmark = pytest.mark.django_db

GENERATED = re.compile(r"^repairs/\d{4}/\d{2}/[\w-]{24}\.gif$")


def polyglot(name="x.html") -> SimpleUploadedFile:
    """A real GIF that is also an HTML page with a script: what a browser runs if it is served as text/html."""
    buffer = io.BytesIO()
    Image.new("P", (1, 1)).save(buffer, "GIF")
    body = buffer.getvalue() + b"<html><script>alert(document.cookie)</script></html>"
    return SimpleUploadedFile(name, body, content_type="text/html")


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims width × height: a few dozen bytes that would decode to gigabytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def _report(client, tree, **extra):
    from wanjia.repairs.models import FaultCategory

    data = {"category": FaultCategory.objects.filter(is_active=True).first().code, "description": "停电",
            "phone": "13812345678", "caller_name": "张三", "latitude": tree.a.station.latitude,
            "longitude": tree.a.station.longitude, "address": "人民路12号"}
    return client.post("/portal/report/", data | extra)


def _dispatched(county):
    """An order of the county dispatched to its crew, and an API client for the crew member."""
    from wanjia.repairs.services import order_dispatch
    from wanjia.repairs.tests.helpers import crew_for, intake

    order = intake(make_customer(county))
    order_dispatch(order=order, crew=crew_for(county), actor=county.users[Role.DISPATCHER])
    return order, api_client(county.users[Role.CREW])


def _signed_in(client, user):
    client.force_login(user)
    return client


def test_polyglot_from_the_portal_is_stored_typed_and_served_only_in_scope(client, tree, django_user_model):
    from wanjia.repairs.models import RepairPhoto

    assert _report(client, tree, photos=[polyglot()]).status_code == 302
    photo = RepairPhoto.objects.get()
    # The stored name is ours: random, with the type Pillow found, not the reporter's ".html".
    assert GENERATED.match(photo.image.name), photo.image.name
    url = photo.image.url
    assert url == f"/files/{photo.image.name}"

    # The anonymous reporter (and anyone else not signed in) cannot read it back.
    assert client.get(url).status_code == 403
    # Another county's dispatcher learns nothing, not even that it exists.
    assert _signed_in(client.__class__(), tree.b.users[Role.DISPATCHER]).get(url).status_code == 404
    # The county's dispatcher gets it as a GIF download that no browser will run as a page.
    response = _signed_in(client.__class__(), tree.a.users[Role.DISPATCHER]).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;") and ".gif" in response["Content-Disposition"]
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"GIF8")


def test_api_photo_is_typed_and_linked_through_the_scoped_view(tree):
    from wanjia.repairs.models import RepairPhoto

    order, crew = _dispatched(tree.a)
    response = crew.post(f"/api/v1/repairs/orders/{order.pk}/photos/", {"image": polyglot()}, format="multipart")
    assert response.status_code == 201, response.content
    assert re.search(r"/files/repairs/\d{4}/\d{2}/[\w-]{24}\.gif$", response.json()["image"])
    name = RepairPhoto.objects.get().image.name
    # An API client follows the link with its token; a token from outside the scope finds nothing.
    def with_token(user):
        return {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=user).key}"}
    assert Client().get(f"/files/{name}", **with_token(tree.a.users[Role.CREW])).status_code == 200
    assert Client().get(f"/files/{name}", **with_token(tree.b.users[Role.MANAGER])).status_code == 404


def test_media_is_not_served_even_in_debug(client, tree, settings):
    from wanjia.repairs.tests.helpers import intake, png

    import wanjia.urls

    order = intake(make_customer(tree.a), photos=[png()])
    name = order.photos.get().image.name
    assert default_storage.exists(name)
    settings.DEBUG = True
    try:
        importlib.reload(wanjia.urls)
        clear_url_caches()
        with pytest.raises(Resolver404):
            resolve(f"/media/{name}")
        assert client.get(f"/media/{name}").status_code == 404
    finally:
        settings.DEBUG = False
        importlib.reload(wanjia.urls)
        clear_url_caches()


def test_application_documents_only_in_scope(tree):
    from wanjia.connections.tests.factories import make_application

    app = make_application(tree.a)
    document = app.documents.first()
    assert re.match(r"^connections/\d{4}/\d{2}/[\w-]{24}\.pdf$", document.file.name)
    url = document.file.url
    inside = _signed_in(Client(), tree.a.users[Role.COUNTER]).get(url)
    assert inside.status_code == 200 and inside["Content-Type"] == "application/pdf"
    assert inside["Content-Disposition"].startswith("attachment;")
    assert _signed_in(Client(), tree.b.users[Role.COUNTER]).get(url).status_code == 404
    assert Client().get(url).status_code == 403
    # A name that no row owns is not a file, even if it exists on disk.
    stray = default_storage.save("connections/stray.pdf", ContentFile(b"%PDF-1.4"))
    assert _signed_in(Client(), tree.a.users[Role.COUNTER]).get(f"/files/{stray}").status_code == 404


def test_sendfile_hands_the_bytes_to_the_web_server(tree, settings):
    from wanjia.repairs.tests.helpers import intake, png

    name = intake(make_customer(tree.a), photos=[png()]).photos.get().image.name
    client = _signed_in(Client(), tree.a.users[Role.DISPATCHER])
    settings.WANJIA_SENDFILE = "x-accel-redirect"
    settings.WANJIA_SENDFILE_PREFIX = "/protected-files/"
    response = client.get(f"/files/{name}")
    assert response["X-Accel-Redirect"] == f"/protected-files/{name}" and response.content == b""
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Type"] == "image/png"
    settings.WANJIA_SENDFILE = "x-sendfile"
    assert client.get(f"/files/{name}")["X-Sendfile"] == default_storage.path(name)


@pytest.mark.parametrize("size", [(20000, 20000), (8000, 8000)])
def test_images_with_too_many_pixels_are_refused_with_a_field_message(tree, client, size):
    """20000² trips Pillow's own bomb guard; 8000² (64 MP) passes Pillow's but not ours (50 MP)."""
    from wanjia.repairs.models import RepairPhoto

    order, crew = _dispatched(tree.a)
    bomb = SimpleUploadedFile("bomb.png", png_header(*size), content_type="image/png")
    response = crew.post(f"/api/v1/repairs/orders/{order.pk}/photos/", {"image": bomb}, format="multipart")
    assert response.status_code == 400
    assert "像素过多" in response.json()["fields"]["image"][0]
    portal = _report(client, tree, photos=[SimpleUploadedFile("bomb.png", png_header(*size))])
    assert portal.status_code == 400 and "像素过多" in portal.content.decode()
    assert not RepairPhoto.objects.exists()


def test_rename_files_moves_old_client_names_and_loses_nothing(tree):
    from wanjia.repairs.models import RepairPhoto
    from wanjia.repairs.tests.helpers import intake

    order = intake(make_customer(tree.a))
    body = polyglot().read()
    old = default_storage.save("repairs/2026/11/R1/x.html", ContentFile(body))
    RepairPhoto.objects.create(order=order, image=old)
    RepairPhoto.objects.create(order=order, image="repairs/2026/11/R1/gone.jpg")  # file lost before the upgrade
    out = io.StringIO()
    call_command("rename-files", "--dry-run", stdout=out)
    assert "would rename 1 file(s) for 1 row(s); 1 row(s)" in out.getvalue() and default_storage.exists(old)
    call_command("rename-files", stdout=io.StringIO())
    photo = RepairPhoto.objects.get(image__endswith=".gif")
    assert GENERATED.match(photo.image.name)
    assert default_storage.open(photo.image.name).read() == body and not default_storage.exists(old)
    out = io.StringIO()
    call_command("rename-files", stdout=out)  # a second run has nothing left to do
    assert "renamed 0 file(s)" in out.getvalue()
