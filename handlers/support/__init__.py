"""What several listeners share: background tasks, private confirmations, the organiser
check, and the `/pmm` subcommand context."""
