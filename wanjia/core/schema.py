"""OpenAPI additions every operation shares: the error envelope of `core.rest.exception_handler`, documented
for the statuses any operation can answer with, so clients (and the schemathesis test) know them."""

ERROR = {
    "type": "object",
    "required": ["code", "message", "fields"],
    "properties": {
        "code": {"type": "string", "description": "machine-readable reason, e.g. invalid, not_found"},
        "message": {"type": "string", "description": "one readable sentence"},
        "fields": {"type": "object", "description": "messages per input field (non_field_errors for the rest)",
                   "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
}
WRITES = {"post", "put", "patch", "delete"}
# Status → when it happens. 409 answers a reused Idempotency-Key with a different body.
STATUSES = {
    "400": ("invalid input or a refused business rule", None),
    "401": ("not signed in", None),
    "403": ("the role or the unit scope does not allow it", None),
    "404": ("no such record inside your scope", None),
    "409": ("conflict, e.g. an Idempotency-Key reused with a different request", WRITES),
    "415": ("the request body's content type is not accepted", WRITES),
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    ref = {"$ref": "#/components/schemas/Error"}
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for status, (description, methods) in STATUSES.items():
                if methods is None or method in methods:
                    responses.setdefault(status, {"description": description,
                                                  "content": {"application/json": {"schema": ref}}})
    return result
