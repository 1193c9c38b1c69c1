"""Addresses of the unread-part and page-redaction pages (spliced into `workspace/urls.py`)."""

from django.urls import path

from gongkai.workspace import page_views as pv

urlpatterns = [
    path("disclosures/<int:pk>/ocr-progress/", pv.ocr_progress, name="ocr_progress"),
    path("unread/<int:pk>/accept/", pv.unread_accept, name="unread_accept"),
    path("unread/<int:pk>/ocr/", pv.unread_ocr, name="unread_ocr"),
    path("attachments/<int:pk>/pages/", pv.pages, name="attachment_pages"),
    path("attachments/<int:pk>/pages/<int:page>.png", pv.page_image, name="page_image"),
    path("attachments/<int:pk>/boxes/", pv.box_add, name="box_add"),
    path("boxes/<int:pk>/delete/", pv.box_remove, name="box_remove"),
    path("attachments/<int:pk>/redacted-copy/", pv.copy_make, name="copy_make"),
    path("redacted-copies/<int:pk>/confirm/", pv.copy_confirm, name="copy_confirm"),
]
