from wanjia.core.rest import Router

from wanjia.feedback.api.views import FeedbackItemViewSet, ForumViewSet

router = Router()
router.register("items", FeedbackItemViewSet, basename="feedback-item")
router.register("forums", ForumViewSet, basename="forum")
urlpatterns = router.urls
