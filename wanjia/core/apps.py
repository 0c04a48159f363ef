from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "wanjia.core"
    label = "core"
    verbose_name = _("核心")

    def ready(self):
        # Failed sign-ins are counted from the auth signal; the admin's login obeys the same lock-out.
        from django.contrib import admin

        from wanjia.core.throttle import AdminLoginForm

        admin.site.login_form = AdminLoginForm

        _history_manager_built_once()


def _history_manager_built_once():
    """django-simple-history builds a new manager class (`from_queryset`, which inspects every queryset
    method) each time `instance.history` is read, and it reads it on every save of a tracked model (3% of an
    intake's CPU). The class depends only on the descriptor, so it is built once per descriptor."""
    from simple_history.manager import HistoryDescriptor

    def __get__(self, instance, owner):
        manager = self.__dict__.get("_manager_class")
        if manager is None:
            manager = self._manager_class = self.manager_class.from_queryset(self.queryset_class)
        return manager(self.model, instance)

    HistoryDescriptor.__get__ = __get__
