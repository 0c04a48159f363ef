from django.urls import path
from wanjia.core.rest import Router

from wanjia.repairs.api import views

router = Router()
router.register("orders", views.RepairOrderViewSet, basename="repair-order")
router.register("crews", views.CrewViewSet, basename="repair-crew")
router.register("outages", views.OutageViewSet, basename="outage")
urlpatterns = [path("reliability/", views.ReliabilityView.as_view(), name="repair-reliability"), *router.urls]
