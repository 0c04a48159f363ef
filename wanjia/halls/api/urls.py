from wanjia.core.rest import Router

from wanjia.halls.api.views import BusinessHallViewSet

router = Router()
router.register("halls", BusinessHallViewSet, basename="business-hall")
urlpatterns = router.urls
