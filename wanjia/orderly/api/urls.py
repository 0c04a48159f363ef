from wanjia.core.rest import Router

from wanjia.orderly.api import views

router = Router()
router.register("tiers", views.PolicyTierViewSet, basename="orderly-tier")
router.register("warning-levels", views.WarningLevelViewSet, basename="orderly-warning-level")
router.register("load-profiles", views.LoadProfileViewSet, basename="orderly-load-profile")
router.register("forecasts", views.ForecastViewSet, basename="orderly-forecast")
router.register("plans", views.PlanViewSet, basename="orderly-plan")
urlpatterns = router.urls
