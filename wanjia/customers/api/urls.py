from rest_framework.routers import DefaultRouter

from wanjia.customers.api.views import CustomerViewSet

router = DefaultRouter()
router.register("customers", CustomerViewSet, basename="customer")
urlpatterns = router.urls
