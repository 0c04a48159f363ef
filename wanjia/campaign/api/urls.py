from wanjia.core.rest import Router

from wanjia.campaign.api import views

router = Router()
router.register("campaigns", views.CampaignViewSet, basename="campaign")
router.register("activity-days", views.ActivityDayViewSet, basename="activity-day")
router.register("pairings", views.PairingViewSet, basename="pairing")
router.register("pairing-visits", views.PairingVisitViewSet, basename="pairing-visit")
router.register("assessments", views.AssessmentViewSet, basename="assessment")
urlpatterns = router.urls
