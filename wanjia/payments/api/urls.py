from wanjia.core.rest import Router

from wanjia.payments.api.views import PaymentChannelViewSet, PaymentMeasureViewSet

router = Router()
router.register("channels", PaymentChannelViewSet, basename="payment-channel")
router.register("measures", PaymentMeasureViewSet, basename="payment-measure")
urlpatterns = router.urls
