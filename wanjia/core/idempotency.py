"""Idempotent intake: the same `Idempotency-Key` from the same client gets the first answer again, never a
second record. The key row is written in the same transaction as the record, so a crash leaves neither,
and a concurrent duplicate waits on the unique index and then replays the winner's answer (its own record
rolled back)."""
import hashlib
import json
from collections.abc import Callable

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from wanjia.core.errors import DomainError
from wanjia.core.models import IdempotencyKey

MAX_KEY_LENGTH = 200


def client_of(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"anon:{request.META.get('REMOTE_ADDR', '')}"


def payload_hash(payload) -> str:
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def run_idempotent(*, key: str | None, client: str, endpoint: str, payload,
                   create: Callable[[], tuple[int, object]]) -> tuple[int, object, bool]:
    """Run `create()` (returning status code and JSON-able body) at most once per key.
    Returns (status, body, replayed)."""
    if not key:
        with transaction.atomic():  # the one transaction of the create, as with a key
            status, body = create()
        return status, body, False
    if len(key) > MAX_KEY_LENGTH:
        raise DomainError(_("Idempotency-Key 不能超过 %(n)d 个字符。") % {"n": MAX_KEY_LENGTH},
                          field="Idempotency-Key")
    digest = payload_hash(payload)
    # A retry after the first answer is found by one look-up and replayed. Otherwise the key is written
    # with the answer, in one statement, in the transaction of the record: a concurrent duplicate then waits
    # on the unique index until the first commits, fails, rolls its own record back and replays the first.
    existing = _replay(key=key, client=client, endpoint=endpoint, digest=digest)
    if existing:
        return existing
    try:
        with transaction.atomic():
            status, body = create()
            if status >= 400:
                # A refused request is not remembered: the client may fix it and retry with the same key.
                transaction.set_rollback(True)
                return status, body, False
            IdempotencyKey.objects.create(key=key, client=client, endpoint=endpoint, request_hash=digest,
                                          status_code=status, response=body)
    except IntegrityError:
        existing = _replay(key=key, client=client, endpoint=endpoint, digest=digest)
        if existing:
            return existing
        raise
    return status, body, False


def _replay(*, key, client, endpoint, digest):
    # In SQL written here: every keyed create runs it, and the ORM took longer to build it than to run it.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT status_code, response, request_hash FROM {IdempotencyKey._meta.db_table}"
                       ' WHERE "key" = %s AND client = %s AND endpoint = %s', [key, client, endpoint])
        found = cursor.fetchone()
    if found is None or found[0] is None:
        return None
    status_code, response, request_hash = found
    response = IdempotencyKey._meta.get_field("response").from_db_value(response, None, connection)
    if request_hash != digest:
        raise DomainError(_("同一个 Idempotency-Key 已用于内容不同的请求。"), code="idempotency_conflict",
                          field="Idempotency-Key")
    return status_code, response, True
