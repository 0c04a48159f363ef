from django.urls import path

from wanjia.repairs import views

app_name = "repairs"
urlpatterns = [
    path("", views.BoardView.as_view(), name="board"),
    path("board/panel/", views.BoardView.as_view(), {"panel": True}, name="board-panel"),
    path("board/map.json", views.BoardMapView.as_view(), name="board-map"),
    path("orders/", views.OrderListView.as_view(), name="orders"),
    path("orders/new/", views.OrderCreateView.as_view(), name="new"),
    path("orders/<int:pk>/", views.OrderDetailView.as_view(), name="order"),
    path("orders/<int:pk>/<slug:action>/", views.OrderActionView.as_view(), name="act"),
    path("crew/", views.CrewPageView.as_view(), name="crew"),
    path("assessment/", views.AssessmentView.as_view(), name="assessment"),
    path("outages/", views.OutageListView.as_view(), name="outages"),
    path("outages/planned/new/", views.PlannedOutageCreateView.as_view(), name="planned-new"),
    path("outages/<int:pk>/restore/", views.OutageRestoreView.as_view(), name="outage-restore"),
    path("reliability/", views.ReliabilityView.as_view(), name="reliability"),
    path("followups/", views.FollowUpListView.as_view(), name="followups"),
]
