from django.urls import path

from wanjia.orderly import views

app_name = "orderly"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("profiles/", views.ProfileListView.as_view(), name="profiles"),
    path("profiles/new/", views.ProfileEditView.as_view(), name="profile_create"),
    path("profiles/<int:pk>/", views.ProfileEditView.as_view(), name="profile_edit"),
    path("forecasts/new/", views.ForecastCreateView.as_view(), name="forecast_create"),
    path("plans/new/", views.PlanCreateView.as_view(), name="plan_create"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan"),
    path("plans/<int:pk>/<slug:action>/", views.PlanActionView.as_view(), name="plan_action"),
]
