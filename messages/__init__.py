"""Every wording of crisisbot, installed as the package ``crisisbot_messages`` (data only)."""
