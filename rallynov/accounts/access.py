"""Expected answers per role for the accounts' pages, ours and allauth's (permission matrix)."""

from rallynov.core.access import LOGIN, OK, REDIRECT, Case, admin_team, by_role


def cases(ctx):
    return [
        Case.logged_in("accounts:dashboard"),
        # Login and sign-up pages send people already logged in to their space.
        by_role("account_login", REDIRECT, anonymous=OK),
        by_role("account_signup", REDIRECT, anonymous=OK),
        by_role("account_logout", OK, anonymous=REDIRECT),
        by_role("account_logout", REDIRECT, method="POST"),
        Case.public("account_inactive"),
        Case.logged_in("account_reauthenticate"),
        Case.logged_in("account_email"),
        Case.public("account_email_verification_sent"),
        Case.logged_in("account_change_password"),
        by_role("account_set_password", REDIRECT, anonymous=LOGIN),
        Case.public("account_reset_password"),
        Case.public("account_reset_password_done"),
        Case.public("account_reset_password_from_key_done"),
        # A forged or expired link: a page that says so, never somebody's account.
        Case.public("account_reset_password_from_key", uidb36="zz", key="forged-key"),
        Case.public("account_confirm_email", key="forged-key"),
        by_role("account_confirm_login_code", REDIRECT, anonymous=LOGIN),
        Case.logged_in("mfa_index"),
        # Setting up a second factor first asks for the password again (recent authentication).
        by_role("mfa_activate_totp", REDIRECT, anonymous=LOGIN),
        # Partner editors' territories are set by the programme team.
        admin_team("wagtailsnippets_accounts_partnerterritory:list"),
    ]
