"""Every user action that changes a packet, in one place: the window's undo commands and the command line's verbs
both call these functions and nothing else, so the two can never disagree.

Each acts on a `Packet` in place and checks its input first, raising `ActionError` (a ValueError) whose message
names the field, the bad value and what is accepted; a refused action changes nothing. The window wraps each
call in `Edit.capture` (packet/core/edits.py) for undo; the command line calls it, then saves. Importing files
needs the disk, so it lives in the store (packet/store/intake.py), which calls `add_item` here.
"""

from __future__ import annotations

from packet.core.actions.cover import (
    COVER_TEXT,
    SERVICE_FIELDS,
    TRANSLATOR_FIELDS,
    add_respondent,
    remove_respondents,
    set_cover,
    set_cover_values,
    set_respondent,
    set_service,
    set_translator,
)
from packet.core.actions.errors import ActionError, TitleTooLong
from packet.core.actions.items import (
    EXHIBIT,
    LEAD,
    add_item,
    attach_translation,
    fill_slot,
    find_item,
    move_items,
    remove_items,
    remove_translation,
    rename,
    set_details,
    set_file_separately,
    set_language,
    set_role,
    shift_items,
    tag,
    untag,
)
from packet.core.actions.pages import (
    hide_pages,
    keep_pages,
    merge_with_next,
    move_pages,
    order_pages,
    restore_pages,
    set_page_turns,
    split_exhibit,
    turn_pages,
)
from packet.core.actions.sections import (
    checked_order,
    move_section,
    move_to_section,
    set_factor_order,
    sort_by_factor,
)
from packet.core.actions.settings import (
    ALL_FIELDS,
    AUTO_BATES,
    PACKET_FIELDS,
    PROFILE_FIELD,
    choose_profile,
    set_export_settings,
    set_values,
)
from packet.core.actions.suggestions import Accepted, accept_suggestion, dismiss_suggestion
from packet.core.actions.summary import (
    set_criminal_heading,
    set_negative_exhibits,
    set_statement,
    statement_keys,
)
from packet.core.actions.values import (
    check_title,
    parse_a_number,
    parse_bool,
    parse_date,
    parse_int,
    parse_page_list,
    parse_page_turns,
    parse_time,
)

__all__ = [
    "ALL_FIELDS", "AUTO_BATES", "Accepted", "ActionError", "COVER_TEXT", "EXHIBIT", "LEAD", "PACKET_FIELDS", "PROFILE_FIELD",
    "SERVICE_FIELDS", "TRANSLATOR_FIELDS", "TitleTooLong", "accept_suggestion", "add_item", "add_respondent", "attach_translation",
    "check_title", "checked_order", "choose_profile", "dismiss_suggestion", "fill_slot", "find_item", "hide_pages", "keep_pages",
    "merge_with_next", "move_items", "move_pages", "move_section", "move_to_section", "order_pages", "parse_a_number",
    "parse_bool", "parse_date", "parse_int", "parse_page_list", "parse_page_turns", "parse_time", "remove_items",
    "remove_respondents", "remove_translation", "rename", "restore_pages", "set_cover", "set_cover_values",
    "set_criminal_heading", "set_details", "set_export_settings", "set_factor_order", "set_file_separately", "set_language",
    "set_negative_exhibits", "set_page_turns", "set_respondent", "set_role", "set_service", "set_statement",
    "set_translator", "set_values", "shift_items", "sort_by_factor", "split_exhibit", "statement_keys", "tag",
    "turn_pages", "untag",
]
