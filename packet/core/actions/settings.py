"""Packet-wide actions: export settings, the filing profile (and what it implies), and FIELD=VALUE text for all
of them, translator and service included (`packet set`).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import fields

from packet.core.actions.cover import set_cover_values, set_service, set_translator
from packet.core.actions.errors import ActionError
from packet.core.actions.sections import checked_order
from packet.core.actions.values import parse_bool, parse_int, parse_number
from packet.core.bates import default_bates_prefix
from packet.core.factor_sections import arrange
from packet.core.i18n import _
from packet.core.model import CoverSheet, ExportSettings, Packet
from packet.core.profiles import Profile

SETTING_NAMES = tuple(f.name for f in fields(ExportSettings))

# `packet set` names of the packet's settings, translator and service: name -> (group, attribute).
PACKET_FIELDS: dict[str, tuple[str, str]] = {
    "summary": ("settings", "summary_of_equities"),
    "certificate_of_service": ("settings", "certificate_of_service"),
    "group_by_factor": ("settings", "group_index_by_factor"),
    "separators": ("settings", "separators"),
    "page_of_total": ("settings", "page_of_total"),
    "bates_prefix": ("settings", "bates_prefix"),
    "bates_digits": ("settings", "bates_digits"),
    "start_number": ("settings", "start_number"),
    "stamp_position": ("settings", "stamp_position"),
    "stamp_size": ("settings", "stamp_font_size"),
    "landscape": ("settings", "landscape"),
    "label_style": ("settings", "label_style"),
    "factor_order": ("settings", "factor_order"),
    "compress_images": ("settings", "compress_images"),
    "translator_name": ("translator", "name"),
    "translator_address": ("translator", "address"),
    "translator_phone": ("translator", "phone"),
    "translator_email": ("translator", "email"),
    "service_on": ("service", "served_on"),
    "service_address": ("service", "address"),
    "service_method": ("service", "method"),
    "service_date": ("service", "date"),
    "service_signer": ("service", "signer"),
}
PROFILE_FIELD = "profile"  # chosen with choose_profile: the caller looks the profile up
ALL_FIELDS = (*CoverSheet.SETTABLE, PROFILE_FIELD, *PACKET_FIELDS)


AUTO_BATES = "auto"  # bates_prefix=auto: the default prefix, from the first respondent's first surname


def _typed(field: str, name: str, value: object) -> object:
    """Text from the command line (or a typed value from the window) as the setting's type."""
    default = getattr(ExportSettings(), name)
    if isinstance(default, list):  # factor_order: ids separated by commas, or a list
        if isinstance(value, (list, tuple)):
            return checked_order([str(v) for v in value])
        return checked_order(str(value).split(","))
    if isinstance(default, bool):
        return parse_bool(field, value if isinstance(value, (str, bool)) else str(value))
    if isinstance(default, int):
        return parse_int(field, value if isinstance(value, (str, int)) else str(value))
    if isinstance(default, float):
        return parse_number(field, value if isinstance(value, (str, int, float)) else str(value))
    return str(value).strip()


def set_export_settings(packet: Packet, names: dict[str, str] | None = None, **values: object) -> None:
    """Change export settings (page numbers, stamp, separators, summary, certificate of service, ...).

    Each value is checked on its own against what the field accepts; `names` gives the names to use in messages
    (the command line's `stamp_size` for `stamp_font_size`). Nothing changes unless all are accepted.
    """
    names = names or {}
    trial = copy.deepcopy(packet.settings)
    for name, value in values.items():
        field = names.get(name, name)
        if name not in SETTING_NAMES:
            raise ActionError(_("unknown export setting"), field, _("use one of: {choices}").format(
                choices=", ".join(SETTING_NAMES)))
        if name == "bates_prefix" and isinstance(value, str) and value.strip().lower() == AUTO_BATES:
            value = default_bates_prefix(packet.cover.respondents)
        single = copy.deepcopy(packet.settings)
        setattr(single, name, _typed(field, name, value))
        accepted = single.problem(name)
        if accepted:
            raise ActionError(field, value, accepted)
        setattr(trial, name, getattr(single, name))
    packet.settings = trial
    arrange(packet)  # grouping turned on, or another section order: the exhibits follow


def choose_profile(packet: Packet, profile: Profile | None) -> None:
    """File for this receiver (None: no particular one). A profile that needs a certificate of service turns it
    on; turning it off again is a separate action (`certificate_of_service=no`), the check then says why not."""
    packet.profile = profile.id if profile is not None else ""
    if profile is not None and profile.certificate_of_service:
        packet.settings.certificate_of_service = True


def set_values(packet: Packet, values: Iterable[tuple[str, str]]) -> None:
    """FIELD=VALUE text pairs for cover fields, settings, translator and service (not `profile`: look it up and
    call choose_profile first). Everything is checked before anything changes."""
    pairs = list(values)
    for key, _value in pairs:
        if key == PROFILE_FIELD:
            raise ActionError(_("field"), key, _("choose the profile with choose_profile"))
        if key not in CoverSheet.SETTABLE and key not in PACKET_FIELDS:
            raise ActionError(_("unknown field"), key, _("use one of: {choices}").format(choices=", ".join(ALL_FIELDS)))

    # a trial copy of the parts that change, so a refused value leaves the packet as it was
    trial = Packet(name=packet.name, cover=copy.deepcopy(packet.cover), settings=copy.deepcopy(packet.settings),
                   translator=copy.deepcopy(packet.translator), service=copy.deepcopy(packet.service))
    set_cover_values(trial, [(k, v) for k, v in pairs if k in CoverSheet.SETTABLE])
    settings: dict[str, object] = {}
    names: dict[str, str] = {}
    translator: dict[str, str] = {}
    service: dict[str, str] = {}
    for key, value in pairs:
        if key not in PACKET_FIELDS:
            continue
        group, attr = PACKET_FIELDS[key]
        if group == "settings":
            settings[attr] = value
            names[attr] = key
        elif group == "translator":
            translator[attr] = value.replace("\\n", "\n")
        else:
            service[attr] = value.replace("\\n", "\n")
    set_export_settings(trial, names, **settings)
    set_translator(trial, **translator)
    set_service(trial, **service)
    packet.cover, packet.settings = trial.cover, trial.settings
    packet.translator, packet.service = trial.translator, trial.service
    arrange(packet)
