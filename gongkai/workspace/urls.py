from django.urls import path

from gongkai.workspace import catalog_views as cv
from gongkai.workspace import disclosure_views as dv
from gongkai.workspace import feed_views as fv
from gongkai.workspace import notice_views as nv
from gongkai.workspace import reading_views as rv
from gongkai.workspace import secrecy_views as sv
from gongkai.workspace import views
from gongkai.workspace.page_urls import urlpatterns as page_urls

app_name = "workspace"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("2fa/verify/", views.otp_verify, name="otp_verify"),
    path("2fa/setup/", views.otp_setup, name="otp_setup"),
    path("audit/", views.audit_trail, name="audit"),
    path("system/", views.system_status, name="system"),
    path("notices/", nv.notice_list, name="notices"),
    path("notices/read/", nv.notice_read, name="notices_read"),
    # the catalog
    path("catalog/", cv.catalog_list, name="catalogs"),
    path("catalog/<int:pk>/", cv.catalog_detail, name="catalog"),
    path("catalog/<int:pk>/do/<str:step>/", cv.catalog_step, name="catalog_step"),
    path("catalog/<int:catalog_pk>/entries/new/", cv.entry_edit, name="entry_new"),
    path("catalog/<int:pk>/changes/<str:kind>/new/", cv.change_create, name="change_new"),
    path("catalog/<int:pk>/versions/", cv.version_compare, name="versions"),
    path("catalog/<int:pk>/export/<str:kind>/", cv.catalog_export, name="catalog_export"),
    path("entries/<int:pk>/", cv.entry_detail, name="entry"),
    path("entries/<int:pk>/edit/", cv.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/delete/", cv.entry_delete, name="entry_delete"),
    path("changes/<int:pk>/", cv.change_detail, name="change"),
    path("changes/<int:pk>/withdraw/", cv.change_withdraw, name="change_withdraw"),
    path("obligations/", cv.obligation_list, name="obligations"),
    path("obligations/feed/<str:token>.ics", cv.obligation_feed, name="obligation_feed"),
    path("obligations/feeds/<int:department_pk>/new/", fv.feed_create, name="feed_create"),
    path("obligations/feeds/<int:department_pk>/revoke/", fv.feed_revoke, name="feed_revoke"),
    # reading within one's scope
    path("read/", rv.reading_list, name="read"),
    path("read/search/", rv.reading_search, name="read_search"),
    # disclosures
    path("disclosures/", dv.disclosure_list, name="disclosures"),
    path("disclosures/new/<int:entry_pk>/", dv.disclosure_new, name="disclosure_new"),
    path("disclosures/<int:pk>/", dv.disclosure_detail, name="disclosure"),
    path("disclosures/<int:pk>/edit/", dv.disclosure_edit, name="disclosure_edit"),
    path("disclosures/<int:pk>/do/<str:step>/", dv.disclosure_step, name="disclosure_step"),
    path("disclosures/<int:pk>/attachments/", dv.attachment_upload, name="attachment_upload"),
    path("disclosures/<int:pk>/offline/", dv.offline_record, name="offline_record"),
    path("disclosures/<int:pk>/change/", dv.change_request, name="change_request"),
    path("disclosures/<int:pk>/window-result/", dv.window_result, name="window_result"),
    path("attachments/<int:pk>/delete/", dv.attachment_delete, name="attachment_delete"),
    path("findings/<int:pk>/<str:action>/", dv.finding_action, name="finding"),
    path("disclosures/<int:pk>/secrecy-review/", sv.secrecy_review, name="secrecy_review"),
    path("disclosures/<int:pk>/declassification/", sv.declassification, name="declassification"),
    path("published-changes/<int:pk>/decide/", dv.change_decide, name="change_decide"),
    *page_urls,
]
