from django.urls import path

from wanjia.core.views import requires
from wanjia.portal import views

# Every portal page is open to anyone: the permission table says so (`portal.public`).
public = requires("portal.public", write_action="write")

app_name = "portal"
urlpatterns = [
    path("", public(views.home), name="home"),
    path("report/", public(views.report), name="report"),
    path("report/done/", public(views.reported), name="reported"),
    path("places/", public(views.places), name="places"),
    path("track/", public(views.track), name="track"),
    path("outages/", public(views.outages), name="outages"),
    path("nearby/", public(views.nearby), name="nearby"),
    path("commitments/", public(views.commitments), name="commitments"),
    path("feedback/", public(views.feedback), name="feedback"),
    path("rate/hall/<str:token>/", public(views.rate_hall), name="rate_hall"),
    path("rate/<str:token>/", public(views.rate_visit), name="rate_visit"),
]
