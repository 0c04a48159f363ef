from wanjia.core.rest import Router

from wanjia.customers.api.views import CustomerViewSet

router = Router()
router.register("customers", CustomerViewSet, basename="customer")
urlpatterns = router.urls
