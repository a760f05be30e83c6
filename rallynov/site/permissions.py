from rallynov.accounts import roles

# Page permissions (who edits which part of the tree) are Wagtail's GroupPagePermission rows, set
# by site.domain.grant_site_permissions; these are the model permissions.
GROUP_PERMISSIONS = {
    roles.PROGRAMME_TEAM: [
        "wagtailadmin.access_admin",
        "rallynov_site.view_pageviewday",
        "rallynov_site.view_visitorday",
        "rallynov_site.change_sitesettings",
        "taggit.add_tag",
        "taggit.change_tag",
    ],
    roles.PARTNER_EDITOR: ["wagtailadmin.access_admin"],
}
