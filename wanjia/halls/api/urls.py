from wanjia.core.rest import Router

from wanjia.halls.api.views import BusinessHallViewSet, SkillCheckViewSet, TrainingSessionViewSet

router = Router()
router.register("halls", BusinessHallViewSet, basename="business-hall")
router.register("training-sessions", TrainingSessionViewSet, basename="training-session")
router.register("skill-checks", SkillCheckViewSet, basename="skill-check")
urlpatterns = router.urls
