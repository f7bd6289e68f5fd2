from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.shortcuts import resolve_url

from oasis.accounts.language import remember_language


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        return super().get_login_redirect_url(request) or resolve_url(
            settings.LOGIN_REDIRECT_URL
        )

    def post_login(self, request, user, **kwargs):
        """On a device that has not chosen a language yet, use the profile's."""
        response = super().post_login(request, user, **kwargs)
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and response:
            remember_language(response, user.preferred_language)
        return response


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        # Kakao and Naver sign-ups still need consent: allauth shows its sign-up form.
        return True
