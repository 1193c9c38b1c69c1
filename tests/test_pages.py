import subprocess
import sys

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_portal_home_is_titled_with_the_organisation_and_disclosure(org):
    response = Client().get("/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "<title>党务公开 · 某市招商局</title>" in content
    assert 'lang="zh-Hans"' in content


def test_login_page_answers(org):
    assert Client().get("/workspace/login/").status_code == 200


def test_unknown_pages_get_a_chinese_404(org):
    response = Client().get("/no/such/page/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


def test_workspace_pages_need_sign_in(org):
    for url in ("/workspace/", "/workspace/audit/", "/workspace/system/", "/workspace/password/"):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/workspace/login/"), url


def test_system_status_is_the_system_administrators(client_as):
    assert client_as("sysadmin").get("/workspace/system/").status_code == 200
    assert client_as("secadmin").get("/workspace/system/").status_code == 403


def test_english_is_available_through_i18n(org):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    content = client.get("/").content.decode()
    assert 'lang="en"' in content and "Party Affairs Disclosure" in content


def test_no_page_references_anything_outside_the_platform(org, client_as):
    for client, url in ((Client(), "/"), (Client(), "/workspace/login/"), (client_as("office"), "/workspace/")):
        content = client.get(url).content.decode()
        for marker in ("http://", "https://", "//cdn", "fonts.googleapis"):
            assert marker not in content.replace('xmlns="http://www.w3.org/2000/svg"', ""), (url, marker)


def _run_check(env):
    base = {"PATH": "/usr/bin:/bin", "GONGKAI_ENV_FILE": "none", "HOME": "/tmp"}
    return subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = _run_check(
        {
            "GONGKAI_SECRET_KEY": "p" * 20 + "roduction-secret-key-with-enough-entropy-0123456789",
            "GONGKAI_HTTPS": "true",
            "GONGKAI_ALLOWED_HOSTS": "dwgk.example.gov.cn",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("GONGKAI_SESSION_IDLE_MINUTES", "half an hour"),
        ("GONGKAI_HTTPS", "perhaps"),
        ("DATABASE_URL", "mysql://root@localhost/x"),
        ("GONGKAI_TIME_ZONE", "Mars/Olympus"),
        ("GONGKAI_EMAIL", "pigeon"),
    ],
)
def test_a_bad_environment_value_stops_start_up_naming_the_variable(variable, value):
    result = _run_check({"GONGKAI_SECRET_KEY": "s" * 60, variable: value})
    assert result.returncode != 0 and variable in result.stderr


def test_a_missing_secret_key_stops_start_up():
    result = _run_check({})
    assert result.returncode != 0 and "GONGKAI_SECRET_KEY" in result.stderr


def test_chinese_is_the_default_whatever_the_browser_prefers(org):
    content = Client(headers={"accept-language": "en-US,en;q=0.9"}).get("/").content.decode()
    assert 'lang="zh-Hans"' in content and "党务公开" in content
