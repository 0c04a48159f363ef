from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication, loading the user's unit and roles with the token in one statement (every
    scoped request reads the unit, every permission check the roles). Nothing of it is cached between
    requests, so a revoked token, a disabled user or a changed role counts at the next request, in every
    process."""

    def authenticate_credentials(self, key):
        from wanjia.org.models import User  # DRF may load this module before the apps are ready

        try:
            token = (self.get_model().objects.select_related("user", "user__unit")
                     .annotate(user_role_codes=User.role_codes_of("user_id")).get(key=key))
        except self.get_model().DoesNotExist:
            raise exceptions.AuthenticationFailed(_("无效的令牌。")) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("用户未启用或已删除。"))
        token.user.know_role_codes(token.user_role_codes)
        return token.user, token
