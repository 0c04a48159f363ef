from django.urls import path
from wanjia.core.rest import Router

from wanjia.connections.api.views import ApplicationViewSet, DesignationRecordViewSet, FiguresView

router = Router()
router.register("applications", ApplicationViewSet, basename="connection-application")
router.register("designations", DesignationRecordViewSet, basename="connection-designation")
urlpatterns = [path("figures/", FiguresView.as_view(), name="connection-figures"), *router.urls]
