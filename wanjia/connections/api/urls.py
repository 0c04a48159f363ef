from django.urls import path
from rest_framework.routers import DefaultRouter

from wanjia.connections.api.views import ApplicationViewSet, DesignationRecordViewSet, FiguresView

router = DefaultRouter()
router.register("applications", ApplicationViewSet, basename="connection-application")
router.register("designations", DesignationRecordViewSet, basename="connection-designation")
urlpatterns = [path("figures/", FiguresView.as_view(), name="connection-figures"), *router.urls]
