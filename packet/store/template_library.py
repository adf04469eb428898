"""The template library: the built-in templates and the user's own, kept in the user data folder.

User templates are files `<id>.json` in `platformdirs.user_data_dir("Packet")/templates` (PACKET_DATA_DIR
overrides the data folder, for tests and portable installs). A broken file never hides the others: listing returns
the good templates and a message for each broken one.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from packet.core.i18n import _
from packet.core.templates import (
    Template,
    TemplateError,
    builtin_ids,
    builtin_templates,
    parse_template_text,
    resolve_template_id,
    template_to_json,
)
from packet.store.atomic import write_atomic
from packet.store.paths import data_dir

MAX_TEMPLATE_BYTES = 2_000_000  # a template is a few kilobytes; anything far bigger is not one


class TemplateNotFound(TemplateError):
    pass


def templates_dir() -> Path:
    """Where the user's templates are kept (not created until one is saved)."""
    return data_dir() / "templates"


def read_template_file(path: str | os.PathLike[str]) -> Template:
    """One template file, checked; TemplateError names the file and the field when it cannot be used."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_TEMPLATE_BYTES:
            raise TemplateError(_("{path}: is {value:.1f} MB, far too big for a Packet template; choose the "
                                  "template's .json file.").format(path=path, value=size / 1e6), str(path))
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise TemplateError(_("{path}: no such file. Check the name and the folder.").format(path=path), str(path)) from exc
    except IsADirectoryError as exc:
        raise TemplateError(_("{path}: is a folder; choose a template's .json file.").format(path=path), str(path)) from exc
    except OSError as exc:
        raise TemplateError(_("{path}: cannot be read ({value}). Check its permissions.").format(
                                path=path, value=exc.strerror or exc),
                            str(path)) from exc
    return parse_template_text(data, str(path))


def _user_templates() -> tuple[list[Template], list[str]]:
    folder = templates_dir()
    templates: list[Template] = []
    problems: list[str] = []
    try:
        files = sorted(p for p in folder.glob("*.json") if not p.name.startswith("."))
    except OSError as exc:
        return [], [_("{folder}: cannot be read ({value}); your own templates are not listed.").format(
                        folder=folder, value=exc.strerror or exc)]
    reserved = builtin_ids()
    for path in files:
        try:
            t = read_template_file(path)
        except TemplateError as exc:
            problems.append(str(exc))
            continue
        if t.id in reserved:
            problems.append(_("{path}: field \"id\" {id!r} is the id of a built-in template; change the id in the "
                              "file to use it.").format(path=path, id=t.id))
            continue
        if any(o.id == t.id for o in templates):
            problems.append(_("{path}: field \"id\" {id!r} is also used by another of your templates; change one "
                              "of the ids.").format(path=path, id=t.id))
            continue
        templates.append(t)
    templates.sort(key=lambda t: t.name.casefold())
    return templates, problems


def list_templates() -> tuple[list[Template], list[str]]:
    """(built-in then user templates, a message for each template file that could not be used). Never raises."""
    builtins, problems = builtin_templates()
    try:
        users, user_problems = _user_templates()
    except Exception as exc:  # noqa: BLE001 - listing must never take the app down
        users, user_problems = [], [_("{value}: your templates could not be listed ({error}).").format(
                                        value=templates_dir(), error=exc)]
    return builtins + users, problems + user_problems


def find_template(template_id: str) -> Template:
    templates = list_templates()[0]
    for wanted in dict.fromkeys((template_id, resolve_template_id(template_id))):  # a retired id: its successor
        for t in templates:
            if t.id == wanted:
                return t
    ids = ", ".join(t.id for t in templates)
    raise TemplateNotFound(_("unknown template {template_id!r}; the templates are: {ids}").format(
                               template_id=template_id, ids=ids), "", "id")


def user_template_path(template_id: str) -> Path:
    return templates_dir() / f"{template_id}.json"


def save_user_template(template: Template, overwrite: bool = False) -> Path:
    """Save a template to the user's library (atomically). Built-in ids are refused; an existing template of the
    same id is replaced only with `overwrite`."""
    if template.id in builtin_ids():
        raise TemplateError(_("template id {id!r} belongs to a built-in template; choose another id.").format(
                                id=template.id),
                            "", "id")
    path = user_template_path(template.id)
    if path.exists() and not overwrite:
        raise TemplateError(_("{path}: you already have a template with id {id!r}. Choose another id, or replace "
                              "it.").format(path=path, id=template.id), str(path), "id")
    # Check it reads back exactly as it will be written, so a saved template always loads.
    text = template_to_json(template)
    parse_template_text(text, str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text.encode("utf-8"))
    template.source = str(path)
    return path


def delete_user_template(template_id: str) -> None:
    if template_id in builtin_ids():
        raise TemplateError(_("{template_id!r} is a built-in template and cannot be deleted.").format(
                                template_id=template_id), "", "id")
    path = user_template_path(template_id)
    if not path.exists():
        raise TemplateNotFound(_("you have no template with id {template_id!r}.").format(template_id=template_id), str(path), "id")
    path.unlink()


def export_template(template_id: str, target: str | os.PathLike[str]) -> Path:
    """Write a template (built-in or the user's) to a file, to share with colleagues."""
    t = find_template(template_id)
    target = Path(target)
    if target.is_dir():
        target = target / f"{t.id}.json"
    if not target.parent.is_dir():
        raise TemplateError(_("{parent}: no such folder. Choose an existing folder.").format(parent=target.parent), str(target))
    try:
        write_atomic(target, template_to_json(t).encode("utf-8"))
    except OSError as exc:
        raise TemplateError(_("{target}: could not be written ({value}).").format(
                                target=target, value=exc.strerror or exc), str(target)) from exc
    return target


def import_template(path: str | os.PathLike[str], overwrite: bool = False) -> Template:
    """Check a template file and add it to the user's library. A file using a built-in template's id, or the id
    of one of the user's templates (unless `overwrite`), is refused with a message saying so."""
    t = read_template_file(path)
    if t.id in builtin_ids():
        raise TemplateError(_("{path}: field \"id\" {id!r} is the id of a built-in template. Change the id in the "
                              "file (for example to a name of your own) and import it again.").format(
                                path=path, id=t.id), str(path), "id")
    if user_template_path(t.id).exists() and not overwrite:
        raise TemplateError(_("{path}: field \"id\" {id!r}: you already have a template with this id. Replace it, "
                              "or change the id in the file.").format(path=path, id=t.id), str(path), "id")
    save_user_template(t, overwrite=True)
    return t


def required_cover_fields(template_id: str) -> tuple[str, ...]:
    """The cover fields a template requires; () when it is gone or broken (that must not stop a check)."""
    try:
        return tuple(find_template(template_id).cover_require)
    except Exception:  # noqa: BLE001
        return ()


@lru_cache(maxsize=32)
def _template_cached(template_id: str, _stamp: float) -> Template | None:
    try:
        return find_template(template_id)
    except Exception:  # noqa: BLE001 - a missing or broken template: the caller does without
        return None


def _library_stamp() -> float:
    folder = templates_dir()
    try:
        return folder.stat().st_mtime if folder.exists() else 0.0
    except OSError:
        return 0.0


def packet_template(template_id: str) -> Template | None:
    """A packet's template (a retired id gives its successor), or None when it is gone or broken; cached until
    the user's template folder changes, so the window can ask on every edit. Do not change what it returns."""
    return _template_cached(template_id, _library_stamp())


def template_cover_fields(template_id: str) -> tuple[frozenset[str], frozenset[str]]:
    """(fields the template shows, fields it requires); both empty when the template cannot be found."""
    t = packet_template(template_id)
    if t is None:
        return frozenset(), frozenset()
    return frozenset(t.cover_show), frozenset(t.cover_require)
