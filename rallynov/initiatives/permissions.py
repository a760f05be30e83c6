from rallynov.accounts import roles

GROUP_PERMISSIONS = {
    roles.PROGRAMME_TEAM: [
        "initiatives.add_theme",
        "initiatives.change_theme",
        "initiatives.delete_theme",
        "initiatives.view_theme",
        "initiatives.view_sustainabledevelopmentgoal",
        "initiatives.view_submission",
        "initiatives.change_submission",
        "initiatives.add_harvestsource",
        "initiatives.change_harvestsource",
        "initiatives.delete_harvestsource",
        "initiatives.view_harvestsource",
    ],
    roles.PARTNER_EDITOR: [
        "initiatives.view_theme",
        "initiatives.view_sustainabledevelopmentgoal",
    ],
}
