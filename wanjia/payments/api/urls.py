from rest_framework.routers import DefaultRouter

from wanjia.payments.api.views import PaymentChannelViewSet, PaymentMeasureViewSet

router = DefaultRouter()
router.register("channels", PaymentChannelViewSet, basename="payment-channel")
router.register("measures", PaymentMeasureViewSet, basename="payment-measure")
urlpatterns = router.urls
