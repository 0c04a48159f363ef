from django.urls import path

from wanjia.connections import views
from wanjia.core.views import requires

app_name = "connections"
urlpatterns = [
    path("", views.ApplicationListView.as_view(), name="list"),
    path("new/", views.IntakeView.as_view(), name="intake"),
    path("new/checklist/", views.ChecklistView.as_view(), name="checklist"),
    path("overdue/", views.OverdueView.as_view(), name="overdue"),
    path("figures/", views.FiguresView.as_view(), name="figures"),
    path("compliance/", views.ComplianceView.as_view(), name="compliance"),
    path("compliance/<int:pk>/review/", views.ReviewView.as_view(), name="review"),
    path("track/", requires("connections.track", write_action="write")(views.track), name="track"),
    path("<int:pk>/", views.ApplicationDetailView.as_view(), name="detail"),
    path("<int:pk>/<slug:action>/", views.ApplicationActionView.as_view(), name="action"),
]
