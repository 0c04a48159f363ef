from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication, loading the user's unit with the token (every scoped request reads it)."""

    def authenticate_credentials(self, key):
        try:
            token = self.get_model().objects.select_related("user", "user__unit").get(key=key)
        except self.get_model().DoesNotExist:
            raise exceptions.AuthenticationFailed(_("无效的令牌。")) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("用户未启用或已删除。"))
        return token.user, token
