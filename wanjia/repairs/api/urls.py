from django.urls import path
from rest_framework.routers import DefaultRouter

from wanjia.repairs.api import views

router = DefaultRouter()
router.register("orders", views.RepairOrderViewSet, basename="repair-order")
router.register("crews", views.CrewViewSet, basename="repair-crew")
router.register("outages", views.OutageViewSet, basename="outage")
urlpatterns = [path("reliability/", views.ReliabilityView.as_view(), name="repair-reliability"), *router.urls]
