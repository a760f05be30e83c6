from rallynov.accounts import roles

GROUP_PERMISSIONS = {
    roles.PROGRAMME_TEAM: [
        "events.add_eventpage",
        "events.change_eventpage",
        "events.view_eventpage",
        "events.add_eventindexpage",
        "events.change_eventindexpage",
        "events.view_registration",
        "events.add_registration",
        "events.change_registration",
        "events.view_feedback",
        "events.add_video",
        "events.change_video",
        "events.view_video",
        "events.delete_video",
        "territories.add_venue",
        "territories.change_venue",
        "territories.view_venue",
    ],
}
# The FSE+ special categories of the participants (events.fse): the funders' reporting role only.
GROUP_PERMISSIONS[roles.FUNDERS_REPORTING] = ["events.view_fse_sensitive"]
