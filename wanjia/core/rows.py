"""Model instances built from a few columns, read by SQL written by hand on the paths every intake runs."""
from django.db import models


def partial_instance(model: type[models.Model], db: str | None, **values) -> models.Model:
    """An instance of `model` holding `values` (by attribute name) as loaded from database `db`, its other
    fields deferred (read on first use), as `Model.from_db` builds it; it takes them in the model's order."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(db, names, [values[name] for name in names])
