from django.urls import path

from wanjia.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("report/", views.report, name="report"),
    path("report/done/", views.reported, name="reported"),
    path("track/", views.track, name="track"),
    path("outages/", views.outages, name="outages"),
    path("nearby/", views.nearby, name="nearby"),
    path("commitments/", views.commitments, name="commitments"),
    path("feedback/", views.feedback, name="feedback"),
    path("rate/hall/<str:token>/", views.rate_hall, name="rate_hall"),
    path("rate/<str:token>/", views.rate_visit, name="rate_visit"),
]
