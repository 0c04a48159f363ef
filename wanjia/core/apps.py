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
