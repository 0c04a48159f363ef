from wanjia.core.rest import Router

from wanjia.campaign.api import views

router = Router()
router.register("campaigns", views.CampaignViewSet, basename="campaign")
router.register("leading-members", views.LeadingGroupMemberViewSet, basename="leading-member")
router.register("phases", views.PhaseViewSet, basename="phase")
router.register("goals", views.GoalViewSet, basename="goal")
router.register("requirements", views.RequirementViewSet, basename="requirement")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("groups", views.GroupViewSet, basename="group")
router.register("group-members", views.GroupMemberViewSet, basename="group-member")
router.register("activity-days", views.ActivityDayViewSet, basename="activity-day")
router.register("good-practices", views.GoodPracticeViewSet, basename="good-practice")
router.register("improvements", views.ProcessImprovementViewSet, basename="improvement")
router.register("pairings", views.PairingViewSet, basename="pairing")
router.register("pairing-visits", views.PairingVisitViewSet, basename="pairing-visit")
router.register("assessments", views.AssessmentViewSet, basename="assessment")
urlpatterns = router.urls
