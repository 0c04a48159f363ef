from django.urls import path

from wanjia.feedback import views

app_name = "feedback"
urlpatterns = [
    path("items/", views.ItemListView.as_view(), name="items"),
    path("items/new/", views.ItemCreateView.as_view(), name="item_create"),
    path("items/<int:pk>/", views.ItemDetailView.as_view(), name="item"),
    path("items/<int:pk>/action/", views.ItemActionView.as_view(), name="item_action"),
    path("items/<int:pk>/links/", views.ItemLinkView.as_view(), name="item_link"),
    path("forums/", views.ForumListView.as_view(), name="forums"),
    path("forums/new/", views.ForumCreateView.as_view(), name="forum_create"),
    path("forums/<int:pk>/", views.ForumDetailView.as_view(), name="forum"),
    path("forums/<int:pk>/void/", views.ForumVoidView.as_view(), name="forum_void"),
    path("hot/", views.HotIssuesView.as_view(), name="hot"),
]
