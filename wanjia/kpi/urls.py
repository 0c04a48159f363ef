from django.urls import path

from wanjia.kpi import views

app_name = "kpi"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("definitions/", views.DefinitionsView.as_view(), name="definitions"),
    path("rebuild/", views.RebuildView.as_view(), name="rebuild"),
    path("map/", views.MapView.as_view(), name="map"),
    path("map/data/", views.MapDataView.as_view(), name="map_data"),
    path("k/<str:code>/", views.KpiDetailView.as_view(), name="detail"),
]
