"""The CLI's one IO object for a run: the stderr console of `cli/console.py` plus stdout,
--json-output and whether the result was printed. A command's result becomes rich text
on stdout, or exactly one JSON document with --json-output; errors render here too.
`cli/app.py` makes one per run and hands it to the commands in their `AppContext`."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ytrix.cli.console import Console as StderrConsole
from ytrix.cli.console import printable, rich_console
from ytrix.core.errors import ExitCode

if TYPE_CHECKING:
    from rich.console import Console


@dataclass
class Result:
    """What a command returns: data for JSON, and how to show it to a person."""

    data: Any
    exit_code: ExitCode = ExitCode.OK
    lines: list[str] = field(default_factory=list)

    def render(self, console: Console) -> None:
        """Tables and styled text: commands that need them override this."""
        for line in self.lines:
            console.print(line, markup=False, highlight=False)


# JSON keys whose text tells the user what to run (under --user, it must say so)
COMMAND_KEYS = frozenset(
    {"fix", "hint", "message", "detail", "next_steps", "notes", "resume_command"}
)


class IO(StderrConsole):
    def __init__(self, json_output: bool = False, quiet: bool = False) -> None:
        super().__init__(quiet)
        self.json_output = json_output
        self.emitted = False  # the result is out (then an exit code explains itself)

    def emit(self, result: Result, json_output: bool | None = None) -> None:
        self.emitted = True
        if self.json_output if json_output is None else json_output:
            self.write_json(result.data)
        elif type(result).render is Result.render:
            self.write_lines(result.lines)  # plain lines need no rich (fast start)
        else:
            result.render(rich_console(stderr=False, run=self))

    def write_lines(self, lines: list[str]) -> None:
        # titles from YouTube are in these lines: never a raw control character
        shown = (printable(self.with_user(line), keep_newlines=True) for line in lines)
        sys.stdout.write("".join(f"{line}\n" for line in shown))
        sys.stdout.flush()

    def write_json(self, data: Any) -> None:
        data = self._commands_with_user(data)
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
        sys.stdout.flush()

    def _commands_with_user(self, data: Any, key: str | None = None) -> Any:
        if isinstance(data, dict):
            return {k: self._commands_with_user(v, k) for k, v in data.items()}
        if isinstance(data, list):
            return [self._commands_with_user(v, key) for v in data]
        if isinstance(data, str) and key in COMMAND_KEYS:
            return self.with_user(data)
        return data

    def emit_error(
        self,
        *,
        code: str,
        message: str,
        hint: str | None,
        project: str | None = None,
        details: str | None = None,
        extra: dict[str, Any] | None = None,
        exit_code: int | None = None,
    ) -> None:
        """`Error:` / `Hint:` / `Details:` on stderr, and the JSON error object on
        stdout. Every error gets a hint: the raiser's, else the default for its kind."""
        from rich.markup import escape

        hint = self.with_user(hint or DEFAULT_HINTS.get(code, FALLBACK_HINT))
        message = self.with_user(message)
        self.end_line()  # a step line left open (`Reading project x... `) ends first
        console = self.stderr_console()
        project_note = f" (project {project})" if project else ""
        console.print(
            f"[bold red]Error:[/] {escape(message)}{escape(project_note)}", highlight=False
        )
        if hint:
            console.print(f"[cyan]Hint:[/] {escape(hint)}", highlight=False)
        if details:
            console.print(f"Details: {escape(details)}", highlight=False)
        if self.json_output:
            error: dict[str, Any] = {"code": code, "message": message, "hint": hint}
            if project:
                error["project"] = project
            if details:
                error["details"] = details
            if exit_code is not None:
                error["exit_code"] = exit_code
            if extra:
                error.update(extra)
            self.write_json({"error": error})


# A next step for every kind of failure, when the raiser gave none.
DEFAULT_HINTS: dict[str, str] = {
    "usage": "Run `ytrix --help` (or `ytrix COMMAND --help`) for the options.",
    "config": "`ytrix config` shows the expected format and where the file is.",
    "auth_needed": "Run `ytrix projects_auth NAME`; `ytrix projects --check` shows which.",
    "quota_exhausted": "Wait for the reset at 00:00 Pacific, or add projects.",
    "api_error": "Re-run with --verbose to see YouTube's full answer (it is also in the log).",
    "interrupted": "Re-run the command to continue; finished steps are not repeated.",
}
FALLBACK_HINT = "Re-run with --verbose for details (they are also in the log)."
