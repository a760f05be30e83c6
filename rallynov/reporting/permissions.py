from rallynov.accounts import roles

GROUP_PERMISSIONS = {
    roles.PROGRAMME_TEAM: [
        "reporting.add_reportedition",
        "reporting.change_reportedition",
        "reporting.view_reportedition",
    ],
}
