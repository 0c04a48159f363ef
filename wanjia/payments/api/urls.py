from wanjia.core.rest import Router

from wanjia.payments.api.views import PaymentChannelViewSet

router = Router()
router.register("channels", PaymentChannelViewSet, basename="payment-channel")
urlpatterns = router.urls
