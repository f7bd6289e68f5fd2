from django.urls import path

from proposals import views

app_name = "proposals"

urlpatterns = [
    path("", views.proposal_list, name="proposal-list"),
    path("new/", views.proposal_create, name="proposal-create"),
    path("similar/", views.proposal_similar, name="proposal-similar"),
    path("mine/", views.proposal_mine, name="proposal-mine"),
    path("following/", views.proposal_following, name="proposal-following"),
    path("<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("<int:pk>/versions/", views.proposal_versions, name="proposal-versions"),
    path("<int:pk>/edit/", views.proposal_update, name="proposal-update"),
    path("<int:pk>/publish/", views.proposal_publish, name="proposal-publish"),
    path("<int:pk>/withdraw/", views.proposal_withdraw, name="proposal-withdraw"),
    path("<int:pk>/images/", views.proposal_images, name="proposal-images"),
    path(
        "<int:pk>/images/<int:image_id>/delete/",
        views.image_delete,
        name="image-delete",
    ),
    path("<int:pk>/follow/", views.proposal_follow, name="proposal-follow"),
    path("<int:pk>/unfollow/", views.proposal_unfollow, name="proposal-unfollow"),
    path("<int:pk>/report/", views.proposal_report, name="proposal-report"),
    path("<int:pk>/moderate/", views.proposal_moderate, name="proposal-moderate"),
    path("<int:pk>/stage/", views.proposal_stage, name="proposal-stage"),
    path("<int:pk>/comments/", views.comment_create, name="comment-create"),
    path("comments/<int:pk>/", views.comment_detail, name="comment-detail"),
    path("comments/<int:pk>/edit/", views.comment_update, name="comment-update"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment-delete"),
    path("comments/<int:pk>/helpful/", views.comment_helpful, name="comment-helpful"),
    path("comments/<int:pk>/report/", views.comment_report, name="comment-report"),
    path(
        "comments/<int:pk>/moderate/", views.comment_moderate, name="comment-moderate"
    ),
]
