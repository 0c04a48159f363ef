import copy
from functools import cache

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from wanjia.core.cache import KeyedProcessCache


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication, with the user's unit and roles read in the token's statement (every scoped
    request reads the unit, every permission check the roles), and kept per process for a few seconds
    (`_tokens`): a client sending many requests is not looked up for each."""

    def authenticate_credentials(self, key):
        try:
            token = _tokens().get(key)
        except self.get_model().DoesNotExist:
            raise exceptions.AuthenticationFailed(_("无效的令牌。")) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("用户未启用或已删除。"))
        return copy.copy(token.user), token  # each request its own user object (views may set attributes)


@cache
def _tokens() -> KeyedProcessCache:
    """Tokens with their user, unit and roles. A change of a token, user, unit or role, or of who holds a role,
    forgets them in the process that made it at once; the other processes (gunicorn workers) read them again
    within 10 s, so a revoked token or a role taken away counts everywhere within that time. Made on first
    use: DRF may load this module before the apps are ready."""
    from rest_framework.authtoken.models import Token

    from wanjia.org.models import Role, Unit, User

    def load(key):
        token = (Token.objects.select_related("user", "user__unit")
                 .annotate(user_role_codes=User.role_codes_of("user_id")).get(key=key))
        token.user.know_role_codes(token.user_role_codes)
        return token

    return KeyedProcessCache(load, watch=(Token, User, Unit, Role), watch_m2m=(User.roles.through,))
