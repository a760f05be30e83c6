from rallynov.accounts import roles

GROUP_PERMISSIONS = {
    roles.PROGRAMME_TEAM: [
        f"partners.{action}_{model}"
        for model in ("partnership", "funding")
        for action in ("add", "change", "delete", "view")
    ],
}
