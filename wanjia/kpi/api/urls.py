from django.urls import path

from wanjia.kpi.api import views

urlpatterns = [
    path("dashboard/", views.DashboardAPIView.as_view(), name="kpi-api-dashboard"),
    path("definitions/", views.DefinitionsAPIView.as_view(), name="kpi-api-definitions"),
]
