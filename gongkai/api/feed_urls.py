from django.urls import path

from gongkai.api.caching import shared_view
from gongkai.api.feeds import PublicItemsAtom, PublicItemsRss

app_name = "feeds"

urlpatterns = [
    path("rss/", shared_view(PublicItemsRss()), name="rss"),
    path("atom/", shared_view(PublicItemsAtom()), name="atom"),
    path("category/<slug:code>/rss/", shared_view(PublicItemsRss()), name="rss_category"),
    path("category/<slug:code>/atom/", shared_view(PublicItemsAtom()), name="atom_category"),
]
