from rest_framework.routers import DefaultRouter

from wanjia.outreach.api.views import HazardViewSet, VisitViewSet

router = DefaultRouter()
router.register("visits", VisitViewSet, basename="visit")
router.register("hazards", HazardViewSet, basename="hazard")
urlpatterns = router.urls
