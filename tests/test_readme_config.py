"""The README's configuration table lists every environment variable casedesk/settings.py reads."""

import re
from pathlib import Path

from tests.settings_env import SETTINGS, settings_env_names

README = Path(__file__).resolve().parents[1] / "README.md"


def configuration_table() -> set[str]:
    text = README.read_text()
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}


def test_settings_read_the_environment_only_through_casedesk_env():
    source = SETTINGS.read_text()
    assert "os.environ" not in source and "getenv" not in source  # else the list below would miss names


def test_every_variable_is_in_the_readme_configuration_table():
    missing = settings_env_names() - configuration_table()
    assert not missing, f"add these to the README's configuration table: {sorted(missing)}"


def test_the_table_lists_no_variable_the_settings_do_not_read():
    assert configuration_table() - settings_env_names() == set()
