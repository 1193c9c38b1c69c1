from django.urls import path

from gongkai.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("list/", views.listing, name="list"),
    path("search/", views.search_page, name="search"),
    path("catalog/", views.catalog, name="catalog"),
    path("items/<int:pk>/", views.item, name="item"),
    path("items/<int:pk>/notice.pdf", views.item_notice, name="item_notice"),
    path("files/<str:token>/", views.file, name="file"),
    path("language/<str:code>/", views.choose_language, name="language"),
]
