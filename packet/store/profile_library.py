"""The filing profiles a user can choose: the built-in ones and their own copies in the user data folder."""

from __future__ import annotations

from packet.core.i18n import _, ngettext
from packet.core.model import Packet
from packet.core.profiles import Profile, load_profiles
from packet.store.paths import user_profiles_dir


class ProfileNotFound(ValueError):
    """No filing profile of that id; the message lists the ones there are."""


def load_all_profiles() -> tuple[dict[str, Profile], list[str]]:
    """Built-in profiles and the user's own copies (which win on the same id), and any problems found."""
    return load_profiles((user_profiles_dir(),))


def find_profile(profile_id: str) -> Profile:
    profiles, problems = load_all_profiles()
    if profile_id in profiles:
        return profiles[profile_id]
    hint = " " + ngettext("({n} profile file could not be read; see 'packet profiles')",
                          "({n} profile files could not be read; see 'packet profiles')", len(problems)).format(
        n=len(problems)) if problems else ""
    raise ProfileNotFound(_("unknown filing profile {profile_id!r}; profiles: {value}{hint}").format(
                              profile_id=profile_id, value=', '.join(sorted(profiles)), hint=hint))


def packet_profile(packet: Packet) -> Profile | None:
    """The packet's own filing profile, None when it has none or it is not installed here."""
    if not packet.profile:
        return None
    profiles, _problems = load_all_profiles()
    return profiles.get(packet.profile)
