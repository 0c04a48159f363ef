"""Per-process caches of configuration rows that every intake reads and an administrator rarely changes (the
active policy set with its limits, fault categories, the repairs configuration, stations, API tokens). A save
or delete of a watched model forgets the entry in the process that made it at once; other processes (gunicorn
workers, a task worker) reload it within `ttl` seconds, so a policy switched on in the admin is in force
everywhere within that time. Cached instances are shared: read them, never change them."""
import threading
import time
from collections.abc import Callable, Hashable

from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

_caches: list["ProcessCache | KeyedProcessCache"] = []


class ProcessCache:
    def __init__(self, loader: Callable[[], object], *, watch: tuple[type[Model], ...], ttl: float = 10.0):
        self.loader, self.ttl = loader, ttl
        self._value, self._expires, self._lock = None, 0.0, threading.Lock()
        _caches.append(self)
        for model in watch:
            post_save.connect(self.forget, sender=model, weak=False)
            post_delete.connect(self.forget, sender=model, weak=False)

    def get(self):
        now = time.monotonic()
        if now >= self._expires:
            value = self.loader()
            with self._lock:
                self._value, self._expires = value, now + self.ttl
            return value
        return self._value

    def forget(self, **_kwargs) -> None:
        self._expires = 0.0


class KeyedProcessCache:
    """The same per key (an API token, a station): each entry is loaded on its first use and kept `ttl`
    seconds; a save or delete of a watched model, or a change of a watched many-to-many relation, forgets
    every entry of the process that made it at once. A loader that raises caches nothing."""

    def __init__(self, loader: Callable[[Hashable], object], *, watch: tuple[type[Model], ...],
                 watch_m2m: tuple[type[Model], ...] = (), ttl: float = 10.0, size: int = 1000):
        self.loader, self.ttl, self.size = loader, ttl, size
        self._entries: dict[Hashable, tuple[float, object]] = {}
        _caches.append(self)
        for model in watch:
            post_save.connect(self.forget, sender=model, weak=False)
            post_delete.connect(self.forget, sender=model, weak=False)
        for through in watch_m2m:
            m2m_changed.connect(self.forget, sender=through, weak=False)

    def get(self, key: Hashable):
        now = time.monotonic()
        entry = self._entries.get(key)
        if entry is not None and now < entry[0]:
            return entry[1]
        value = self.loader(key)
        if len(self._entries) >= self.size:
            self._entries = {}  # bounded: the keys seen within `ttl` seconds are few
        self._entries[key] = (now + self.ttl, value)
        return value

    def forget(self, **_kwargs) -> None:
        self._entries = {}


def forget_all() -> None:
    """Tests: a rolled-back test's rows must not outlive it in a cache."""
    for cache in _caches:
        cache.forget()
