# botkeeper-admin: the org admins (a handful of people) who keep the bot's credentials.
# Bound to: each admin's own identity, e.g. an identity group mapped from the org's admin team
#   (GitHub auth on HashiCorp Vault, OIDC or userpass on OpenBao); never a shared token.
# Commands and the paths they need:
#   account set | show | password      botkeeper/data/account, botkeeper/metadata/account
#   account show, recovery count       botkeeper/metadata/account-recovery (read): the count of 2FA recovery
#                                       codes left, kept in custom_metadata; never the codes (data/) and no write
#   totp (current code)                 botkeeper-totp/code/account, botkeeper-totp/keys/account (parameters only)
#   token put | list | show | rm        botkeeper/data/tokens/* (write only), botkeeper/metadata/tokens/*
#   writer set | show                   botkeeper/data/writer (write only), botkeeper/metadata/writer
#   writer set | show --owner OWNER     botkeeper/data/writers/* (write only), botkeeper/metadata/writers/*:
#                                       one owner's (organisation's) own writer
#   (after token put | rm, writer set)  botkeeper/data/changes (write only), botkeeper/metadata/changes (read):
#                                       the change marker serve watches; names what changed, never a value
#   writer ceiling set | show           botkeeper/data/app-ceiling: the most an App binding's minted token carries
#   bot token (set)                     botkeeper/data/bot-token (write only), botkeeper/metadata/bot-token
#   status                              botkeeper/data/sync/* (read), botkeeper/metadata/sync/*
#   (token check results)               botkeeper/data/health/* (read): written by the broker, no values
#   status (OIDC)                       botkeeper/data/oidc/* (read): the operator's marks of bindings delivered by
#                                       OIDC; writing them is the operator's alone
#   org-secret put | list | rm          botkeeper/data/org-secrets/* (write only), botkeeper/metadata/org-secrets/*:
#                                       one token shared by a list of repositories of one organisation
#   status (organisation secrets)       botkeeper/data/org-sync/* (read), botkeeper/metadata/org-sync/*
# Not granted: reading token, writer or bot-token values (only the broker and break-glass read them),
# the 2FA recovery codes or writing their count (break-glass only: a recovery code is a second way into
# the account), importing a TOTP key (break-glass only), policies, mounts, auth methods.

path "botkeeper/data/account" {
  capabilities = ["create", "read", "update"]
}

path "botkeeper/metadata/account" {
  capabilities = ["create", "read", "update"]
}

path "botkeeper/metadata/account-recovery" {
  capabilities = ["read"]
}

path "botkeeper-totp/code/account" {
  capabilities = ["read"]
}

path "botkeeper-totp/keys/account" {
  capabilities = ["read"]
}

path "botkeeper/data/tokens/*" {
  capabilities = ["create", "update"]
}

path "botkeeper/metadata/tokens" {
  capabilities = ["list"]
}

path "botkeeper/metadata/tokens/*" {
  capabilities = ["create", "read", "update", "delete", "list"]
}

path "botkeeper/data/changes" {
  capabilities = ["create", "update"]
}

path "botkeeper/metadata/changes" {
  capabilities = ["read"]
}

path "botkeeper/data/writer" {
  capabilities = ["create", "update"]
}

path "botkeeper/metadata/writer" {
  capabilities = ["create", "read", "update"]
}

path "botkeeper/data/writers/*" {
  capabilities = ["create", "update"]
}

path "botkeeper/metadata/writers" {
  capabilities = ["list"]
}

path "botkeeper/metadata/writers/*" {
  capabilities = ["create", "read", "update"]
}

path "botkeeper/data/bot-token" {
  capabilities = ["create", "update"]
}

path "botkeeper/metadata/bot-token" {
  capabilities = ["create", "read", "update"]
}

path "botkeeper/data/sync/*" {
  capabilities = ["read"]
}

path "botkeeper/metadata/sync" {
  capabilities = ["list"]
}

path "botkeeper/metadata/sync/*" {
  capabilities = ["read", "list"]
}

path "botkeeper/data/health/*" {
  capabilities = ["read"]
}

path "botkeeper/data/app-ceiling" {
  capabilities = ["create", "read", "update"]
}

path "botkeeper/metadata/app-ceiling" {
  capabilities = ["read"]
}

path "botkeeper/data/oidc/*" {
  capabilities = ["read"]
}

path "botkeeper/data/org-secrets/*" {
  capabilities = ["create", "update"]
}

path "botkeeper/metadata/org-secrets" {
  capabilities = ["list"]
}

path "botkeeper/metadata/org-secrets/*" {
  capabilities = ["create", "read", "update", "delete", "list"]
}

path "botkeeper/data/org-sync/*" {
  capabilities = ["read"]
}

path "botkeeper/metadata/org-sync" {
  capabilities = ["list"]
}

path "botkeeper/metadata/org-sync/*" {
  capabilities = ["read", "list"]
}
