"""The template library: built-in and user templates, broken files listed not fatal, save, export, import."""

from __future__ import annotations

import json

import pytest

from packet.core.templates import (
    BUILTIN_ORDER,
    TemplateError,
    apply_template,
    template_from_packet,
    template_to_dict,
)
from packet.store.template_library import (
    TemplateNotFound,
    delete_user_template,
    export_template,
    find_template,
    import_template,
    list_templates,
    read_template_file,
    save_user_template,
    templates_dir,
)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    monkeypatch.setenv("PACKET_DATA_DIR", str(folder))
    return folder


def user_template(template_id: str = "my-pd", name: str = "My PD request"):
    t = find_template("opla-pd-request")
    t.id, t.name, t.builtin, t.source = template_id, name, False, ""
    t.filer.filer_name = "Maria Abogada"
    return t


def write(folder, name: str, data) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    text = data if isinstance(data, str) else json.dumps(data)
    (folder / name).write_text(text, encoding="utf-8")


def test_user_folder_follows_packet_data_dir(data_dir):
    assert templates_dir() == data_dir / "templates"


def test_platformdirs_folder_by_default(monkeypatch):
    import platformdirs

    monkeypatch.delenv("PACKET_DATA_DIR")
    assert templates_dir() == platformdirs.user_data_path("Packet", appauthor=False) / "templates"


def test_only_builtins_when_the_user_has_none(data_dir):
    templates, problems = list_templates()
    assert [t.id for t in templates] == list(BUILTIN_ORDER)
    assert problems == []
    assert not (data_dir / "templates").exists()  # listing creates nothing


def test_save_find_and_list(data_dir):
    t = user_template()
    path = save_user_template(t)
    assert path == data_dir / "templates" / "my-pd.json"
    assert not list(path.parent.glob(".*.tmp"))  # written atomically, no temp left
    found = find_template("my-pd")
    assert found == t and not found.builtin and found.source == str(path)
    templates, problems = list_templates()
    assert [x.id for x in templates] == [*BUILTIN_ORDER, "my-pd"] and problems == []
    # the same id again: refused unless replacing
    with pytest.raises(TemplateError, match="already have a template"):
        save_user_template(t)
    t.name = "Renamed"
    save_user_template(t, overwrite=True)
    assert find_template("my-pd").name == "Renamed"
    delete_user_template("my-pd")
    with pytest.raises(TemplateNotFound, match="my-pd"):
        find_template("my-pd")


def test_builtin_ids_are_refused(data_dir):
    t = user_template("blank")
    with pytest.raises(TemplateError, match="built-in"):
        save_user_template(t, overwrite=True)
    with pytest.raises(TemplateError, match="built-in"):
        delete_user_template("opla-pd-request")


def test_unknown_id_lists_the_templates(data_dir):
    with pytest.raises(TemplateNotFound) as info:
        find_template("asylum")
    assert "'asylum'" in str(info.value)
    assert all(tid in str(info.value) for tid in BUILTIN_ORDER)


def test_broken_files_are_listed_not_fatal(data_dir):
    folder = data_dir / "templates"
    save_user_template(user_template("good"))
    write(folder, "not-json.json", '{"schema_version": 1, "id": ')
    write(folder, "unknown-field.json", {"schema_version": 1, "id": "u", "name": "U", "purpose": "p", "colour": 1})
    write(folder, "newer.json", {"schema_version": 99, "id": "n", "name": "N", "purpose": "p"})
    write(folder, "bad-value.json", {"schema_version": 1, "id": "b", "name": "B", "purpose": "p",
                                     "slots": [{"id": "s", "title": "S", "factor": "astrology"}]})
    write(folder, "builtin-id.json", {"schema_version": 1, "id": "blank", "name": "B", "purpose": "p"})
    good = template_to_dict(user_template("twin"))
    write(folder, "twin-a.json", good)
    write(folder, "twin-b.json", good)
    write(folder, "notes.txt", "not a template")  # not a .json file: ignored
    templates, problems = list_templates()
    assert [t.id for t in templates] == [*BUILTIN_ORDER, "good", "twin"]
    assert len(problems) == 6
    by_file = {next(f for f in ("not-json", "unknown-field", "newer", "bad-value", "builtin-id", "twin-b")
                    if f"{f}.json" in p): p for p in problems}
    assert str(folder / "not-json.json") in by_file["not-json"] and "not valid JSON" in by_file["not-json"]
    assert '"colour"' in by_file["unknown-field"]
    assert '"schema_version"' in by_file["newer"] and "newer version" in by_file["newer"]
    assert '"slots[0] ("s").factor"' in by_file["bad-value"] and "astrology" in by_file["bad-value"]
    assert '"id"' in by_file["builtin-id"] and "built-in" in by_file["builtin-id"]
    assert '"id"' in by_file["twin-b"] and "another of your templates" in by_file["twin-b"]


def test_unreadable_and_odd_files(data_dir, tmp_path):
    with pytest.raises(TemplateError, match="no such file"):
        read_template_file(tmp_path / "missing.json")
    with pytest.raises(TemplateError, match="is a folder"):
        read_template_file(tmp_path)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 2_000_001)
    with pytest.raises(TemplateError, match="too big"):
        read_template_file(big)


def test_export_and_import_round_trip(data_dir, tmp_path):
    original = user_template()
    save_user_template(original)
    shared = export_template("my-pd", tmp_path / "to-share.json")
    assert shared == tmp_path / "to-share.json"
    assert json.loads(shared.read_text(encoding="utf-8")) == template_to_dict(original)
    # on a colleague's computer: an empty library, then the import
    delete_user_template("my-pd")
    imported = import_template(shared)
    assert imported == original
    assert find_template("my-pd") == original
    assert (data_dir / "templates" / "my-pd.json").is_file()
    # importing it again: refused unless replacing
    with pytest.raises(TemplateError, match="already have a template"):
        import_template(shared)
    assert import_template(shared, overwrite=True) == original
    # a built-in can be exported (to a folder: named by its id) but not imported under its own id
    out = export_template("ice-stay-of-removal", tmp_path)
    assert out == tmp_path / "ice-stay-of-removal.json"
    with pytest.raises(TemplateError) as info:
        import_template(out)
    assert str(out) in str(info.value) and '"id"' in str(info.value) and "built-in" in str(info.value)
    with pytest.raises(TemplateNotFound):
        export_template("nope", tmp_path / "x.json")
    with pytest.raises(TemplateError, match="no such folder"):
        export_template("blank", tmp_path / "missing" / "x.json")


def test_import_refuses_broken_files_naming_them(data_dir, tmp_path):
    bad = tmp_path / "colleague.json"
    bad.write_text(json.dumps({"schema_version": 1, "id": "c", "name": "C", "purpose": "p",
                               "label_style": "roman"}), encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        import_template(bad)
    assert str(info.value).startswith(f"{bad}:") and '"label_style"' in str(info.value)
    assert not (data_dir / "templates").exists()


def test_save_as_template_from_a_packet_then_create_from_it(data_dir, packet_folder):
    from packet.core.model import Respondent

    p = packet_folder.packet
    apply_template(p, find_template("deferred-action"))
    p.cover.respondents = [Respondent("Ana Lopez", "A-123-456-789")]
    p.cover.filer_name = "Clinic"
    t = template_from_packet(p, "clinic-deferred", "Clinic deferred action", "Our clinic's version",
                             base=find_template(p.template))
    save_user_template(t)
    text = (data_dir / "templates" / "clinic-deferred.json").read_text(encoding="utf-8")
    assert "Lopez" not in text and "123" not in text and "Clinic" in text
    fresh = p.__class__(name="next")
    apply_template(fresh, find_template("clinic-deferred"))
    assert fresh.template == "clinic-deferred" and fresh.cover.filer_name == "Clinic"
    assert [s.id for s in fresh.slots] == [s.id for s in p.slots]
