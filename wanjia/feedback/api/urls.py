from rest_framework.routers import DefaultRouter

from wanjia.feedback.api.views import FeedbackItemViewSet, ForumViewSet

router = DefaultRouter()
router.register("items", FeedbackItemViewSet, basename="feedback-item")
router.register("forums", ForumViewSet, basename="forum")
urlpatterns = router.urls
