from django.urls import path, re_path

from gongkai.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("list/", views.listing, name="list"),
    path("search/", views.search_page, name="search"),
    path("catalog/", views.catalog, name="catalog"),
    path("items/<int:pk>/", views.item, name="item"),
    path("items/<int:pk>/notice.pdf", views.item_notice, name="item_notice"),
    re_path(r"^files/(?P<token>[A-Za-z0-9_\-]{1,64})/$", views.file, name="file"),
    path("language/<str:code>/", views.choose_language, name="language"),
]
