"""Office content replaces the bundled content when valid; otherwise the bundle is used, with a reason."""

from __future__ import annotations

import shutil

from zmdhelp import paths
from zmdhelp.content import load_content


def _office_copy(data_dir, target, mutate=None):
    target.mkdir(parents=True, exist_ok=True)
    text = (data_dir / "faq.toml").read_text(encoding="utf-8")
    if mutate:
        text = mutate(text)
    (target / "faq.toml").write_text(text, encoding="utf-8")
    return target / "faq.toml"


def test_bundled_by_default():
    loaded = load_content()
    assert loaded.path == paths.bundled_data_dir() / "faq.toml"
    assert loaded.warnings == []
    assert len(loaded.value) == 24


def test_valid_office_folder_wins(data_dir):
    office = _office_copy(data_dir, paths.office_data_dir(), lambda t: t.replace("证书怎么办理？", "证书在哪里办理？"))
    loaded = load_content()
    assert loaded.path == office
    assert loaded.value.get("certificate-apply").question == "证书在哪里办理？"
    assert loaded.warnings == []


def test_invalid_office_folder_falls_back_and_says_why(data_dir):
    office = _office_copy(data_dir, paths.office_data_dir(), lambda t: t.replace('id = "wage-base"', 'id = "sms-code"'))
    before = office.read_bytes()
    loaded = load_content()
    assert loaded.path == paths.bundled_data_dir() / "faq.toml"
    assert len(loaded.warnings) == 1
    assert "已改用内置内容" in loaded.warnings[0] and "id 重复" in loaded.warnings[0]
    assert office.read_bytes() == before  # the office's file is never touched


def test_data_option_folder_and_file(data_dir, tmp_path):
    folder = tmp_path / "mine"
    f = _office_copy(data_dir, folder, lambda t: t.replace("提示注册管理员账号。", "提示注册管理员。"))
    assert load_content(folder).value.get("register-admin").question == "提示注册管理员。"
    assert load_content(f).path == f


def test_data_option_missing_folder_warns(tmp_path):
    loaded = load_content(tmp_path / "missing")
    assert loaded.path == paths.bundled_data_dir() / "faq.toml"
    assert any("找不到指定的数据文件夹" in w for w in loaded.warnings)


def test_office_folder_without_faq_uses_bundle_silently(data_dir):
    paths.office_data_dir().mkdir(parents=True)
    shutil.copy(data_dir / "faq.toml", paths.office_data_dir() / "unrelated.toml")
    loaded = load_content()
    assert loaded.path == paths.bundled_data_dir() / "faq.toml" and loaded.warnings == []
