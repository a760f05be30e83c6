from rallynov.accounts import roles

_MODELS = ["study", "survey", "interview", "publication", "invitation"]

GROUP_PERMISSIONS = {
    roles.PROGRAMME_TEAM: [f"studies.{action}_{model}" for model in _MODELS for action in ("add", "change", "view", "delete")]
    + ["studies.view_response", "studies.view_exportjob"],
}
