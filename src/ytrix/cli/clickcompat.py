"""The click shapes the error boundary needs, in one place (typer builds on click)."""

from click import ClickException, Group, UsageError
from click.exceptions import NoArgsIsHelpError

__all__ = ["ClickException", "Group", "NoArgsIsHelpError", "UsageError"]
