from django.urls import path

from wanjia.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.job_progress, name="progress"),
    path("<int:pk>/result/", views.job_result, name="result"),
]
