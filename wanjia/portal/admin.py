from django.contrib import admin

from wanjia.portal.models import PortalSettings


@admin.register(PortalSettings)
class PortalSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "challenge_enabled", "ip_rate", "phone_rate", "lookup_rate", "max_photos"]

    def has_add_permission(self, request):
        return not PortalSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
