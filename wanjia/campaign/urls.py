from django.urls import path

from wanjia.campaign import views

app_name = "campaign"
urlpatterns = [
    path("", views.CampaignListView.as_view(), name="list"),
    path("new/", views.CampaignCreateView.as_view(), name="create"),
    path("<int:pk>/", views.CampaignDetailView.as_view(), name="detail"),
    path("<int:pk>/setup/", views.CampaignSetupView.as_view(), name="setup"),
    path("<int:pk>/copy/", views.CampaignCopyView.as_view(), name="copy"),
    path("<int:pk>/compliance/", views.ComplianceView.as_view(), name="compliance"),
    path("<int:pk>/compliance/<int:requirement>/<int:unit>/", views.ComplianceCellView.as_view(),
         name="compliance_cell"),
    path("<int:pk>/activity-days/new/", views.ActivityDayCreateView.as_view(), name="activity_day_create"),
    path("<int:pk>/practices/", views.GoodPracticeView.as_view(), name="practices"),
    path("<int:pk>/reports/", views.ReportView.as_view(), name="reports"),
    path("reports/<int:pk>/<str:kind>/", views.ReportDownloadView.as_view(), name="report_download"),
    path("activity-days/<int:pk>/", views.ActivityDayDetailView.as_view(), name="activity_day"),
    path("activity-days/<int:pk>/void/", views.ActivityDayVoidView.as_view(), name="activity_day_void"),
    path("tasks/<int:pk>/", views.TaskDetailView.as_view(), name="task"),
    path("tasks/<int:pk>/complete/", views.TaskCompleteView.as_view(), name="task_complete"),
    path("evidence/<int:pk>/", views.EvidenceDownloadView.as_view(), name="evidence"),
    path("groups/", views.GroupListView.as_view(), name="groups"),
    path("groups/<int:pk>/", views.GroupDetailView.as_view(), name="group"),
    path("pairing/", views.PairingView.as_view(), name="pairing"),
    path("scorecard/", views.ScorecardView.as_view(), name="scorecard"),
]
