"""The environment variables casedesk/settings.py reads, found in its source (every env_* call's first argument)."""

import ast
from pathlib import Path

SETTINGS = Path(__file__).resolve().parents[1] / "casedesk" / "settings.py"


def settings_env_names() -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(SETTINGS.read_text())):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id.startswith("env_")
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            names.add(node.args[0].value)
    return names
