from rest_framework.routers import DefaultRouter

from wanjia.halls.api.views import BusinessHallViewSet

router = DefaultRouter()
router.register("halls", BusinessHallViewSet, basename="business-hall")
urlpatterns = router.urls
