"""Production settings come from the environment: with the documented HTTPS variables set, Django's deploy
checks find nothing to warn about."""
import os
import secrets
import subprocess
import sys

from django.conf import settings


def _check_deploy(**extra):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "WANJIA_HTTPS"}}
    env.update({"DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "wanjia.example.cn",
                **extra})
    return subprocess.run([sys.executable, "-m", "wanjia", "check", "--deploy", "--fail-level", "WARNING"],
                          env=env, capture_output=True, text=True, cwd=settings.REPO_DIR)


def test_check_deploy_is_clean_with_https_settings():
    result = _check_deploy(WANJIA_HTTPS="true", SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_https_is_off():
    result = _check_deploy(WANJIA_HTTPS="false")
    assert result.returncode != 0
    for code in ("W004", "W008", "W012", "W016"):
        assert code in result.stderr + result.stdout
