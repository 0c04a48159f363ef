from rest_framework.routers import DefaultRouter

from wanjia.connections.api.views import ApplicationViewSet, DesignationRecordViewSet

router = DefaultRouter()
router.register("applications", ApplicationViewSet, basename="connection-application")
router.register("designations", DesignationRecordViewSet, basename="connection-designation")
urlpatterns = router.urls
