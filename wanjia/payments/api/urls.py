from rest_framework.routers import DefaultRouter

from wanjia.payments.api.views import PaymentChannelViewSet

router = DefaultRouter()
router.register("channels", PaymentChannelViewSet, basename="payment-channel")
urlpatterns = router.urls
