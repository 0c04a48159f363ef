from wanjia.core.rest import Router

from wanjia.outreach.api.views import HazardViewSet, VisitViewSet

router = Router()
router.register("visits", VisitViewSet, basename="visit")
router.register("hazards", HazardViewSet, basename="hazard")
urlpatterns = router.urls
