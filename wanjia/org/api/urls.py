from wanjia.core.rest import Router

from wanjia.org.api.views import UnitViewSet

router = Router()
router.register("units", UnitViewSet, basename="unit")
urlpatterns = router.urls
