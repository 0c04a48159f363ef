from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from wanjia.core.admin import ScopedAdminMixin
from wanjia.org.models import Role, Unit, User


@admin.register(Unit)
class UnitAdmin(ScopedAdminMixin, TreeAdmin, SimpleHistoryAdmin):
    form = movenodeform_factory(Unit, exclude=["path", "depth", "numchild"])
    list_display = ["name", "code", "kind", "area_type", "is_active"]
    list_filter = ["kind", "area_type", "is_active"]
    search_fields = ["name", "code"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "read_only", "description"]
    readonly_fields = ["code"]


@admin.register(User)
class UserAdmin(ScopedAdminMixin, DjangoUserAdmin):
    list_display = ["username", "name", "unit", "is_active"]
    list_filter = ["roles", "is_active"]
    search_fields = ["username", "name", "unit__name"]
    autocomplete_fields = ["unit"]
    filter_horizontal = ["roles", "groups", "user_permissions"]
    fieldsets = DjangoUserAdmin.fieldsets + ((_("万家"), {"fields": ["name", "unit", "roles", "mobile"]}),)
