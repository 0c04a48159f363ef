from django.urls import path

from wanjia.outreach import views

app_name = "outreach"
urlpatterns = [
    path("visits/", views.VisitListView.as_view(), name="visits"),
    path("visits/new/", views.VisitCreateView.as_view(), name="visit_create"),
    path("plans/new/", views.VisitPlanCreateView.as_view(), name="plan_create"),
    path("visits/checklist/", views.ChecklistView.as_view(), name="checklist"),
    path("visits/<int:pk>/", views.VisitDetailView.as_view(), name="visit"),
    path("visits/<int:pk>/void/", views.VisitVoidView.as_view(), name="visit_void"),
    path("answers/<int:pk>/hazard/", views.HazardFromAnswerView.as_view(), name="hazard_from_answer"),
    path("hazards/", views.HazardListView.as_view(), name="hazards"),
    path("hazards/new/", views.HazardCreateView.as_view(), name="hazard_create"),
    path("hazards/<int:pk>/", views.HazardDetailView.as_view(), name="hazard"),
    path("hazards/<int:pk>/<str:action>/", views.HazardActionView.as_view(), name="hazard_action"),
]
