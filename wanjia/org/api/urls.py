from rest_framework.routers import DefaultRouter

from wanjia.org.api.views import UnitViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
urlpatterns = router.urls
