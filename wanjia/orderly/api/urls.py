from rest_framework.routers import DefaultRouter

from wanjia.orderly.api import views

router = DefaultRouter()
router.register("tiers", views.PolicyTierViewSet, basename="orderly-tier")
router.register("warning-levels", views.WarningLevelViewSet, basename="orderly-warning-level")
router.register("load-profiles", views.LoadProfileViewSet, basename="orderly-load-profile")
router.register("forecasts", views.ForecastViewSet, basename="orderly-forecast")
router.register("plans", views.PlanViewSet, basename="orderly-plan")
urlpatterns = router.urls
