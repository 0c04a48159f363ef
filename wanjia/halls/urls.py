from django.urls import path

from wanjia.halls import views

app_name = "halls"
urlpatterns = [
    path("", views.HallListView.as_view(), name="list"),
    path("figures/", views.FiguresView.as_view(), name="figures"),
    path("skills/", views.SkillsView.as_view(), name="skills"),
    path("new/<int:unit_pk>/", views.HallEditView.as_view(), name="create"),
    path("<int:pk>/", views.HallDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.HallEditView.as_view(), name="edit"),
    path("<int:pk>/facilities/", views.FacilityCheckView.as_view(), name="facilities"),
    path("<int:pk>/duty/", views.DutyView.as_view(), name="duty"),
    path("<int:pk>/visits/new/", views.VisitCreateView.as_view(), name="visit_create"),
    path("<int:pk>/poster/", views.HallPosterView.as_view(), name="poster"),
    path("visits/<int:pk>/slip/", views.VisitSlipView.as_view(), name="slip"),
]
