# botkeeper-auditor: people who review what exists and how it is synced, never a value.
# Bound to: an auditor identity group or a userpass/OIDC role chosen by the org.
# Commands and the paths they need:
#   token list | show        botkeeper/metadata/tokens/* (list, read; never data/)
#   writer show              botkeeper/metadata/writer, botkeeper/metadata/writers/* (kind and ids only)
#   writer ceiling show      botkeeper/data/app-ceiling: App permission ceiling (no secret in it)
#   status                   botkeeper/data/sync/* (read): the broker's ledger holds no secret values
#   token check results      botkeeper/data/health/* (read): what GitHub said about each token, no values
#   account show             botkeeper/metadata/account: login and when the password last changed, not what it is
#   status (OIDC)            botkeeper/data/oidc/* (read): which bindings the operator marked as delivered by OIDC
#   org-secret list          botkeeper/metadata/org-secrets/* (list, read; never data/): which repositories share one
#   status (organisation)    botkeeper/data/org-sync/* (read): the broker's ledger of organisation secrets
# Not granted: any token, writer, bot-token or account value, the 2FA recovery codes or their count
# (botkeeper/*/account-recovery), the TOTP engine, any write.

path "botkeeper/metadata/tokens" {
  capabilities = ["list"]
}

path "botkeeper/metadata/tokens/*" {
  capabilities = ["list", "read"]
}

path "botkeeper/metadata/writer" {
  capabilities = ["read"]
}

path "botkeeper/metadata/writers" {
  capabilities = ["list"]
}

path "botkeeper/metadata/writers/*" {
  capabilities = ["read"]
}

path "botkeeper/metadata/account" {
  capabilities = ["read"]
}

path "botkeeper/metadata/sync" {
  capabilities = ["list"]
}

path "botkeeper/metadata/sync/*" {
  capabilities = ["list", "read"]
}

path "botkeeper/data/sync/*" {
  capabilities = ["read"]
}

path "botkeeper/data/health/*" {
  capabilities = ["read"]
}

path "botkeeper/data/app-ceiling" {
  capabilities = ["read"]
}

path "botkeeper/data/oidc/*" {
  capabilities = ["read"]
}

path "botkeeper/metadata/org-secrets" {
  capabilities = ["list"]
}

path "botkeeper/metadata/org-secrets/*" {
  capabilities = ["list", "read"]
}

path "botkeeper/data/org-sync/*" {
  capabilities = ["read"]
}

path "botkeeper/metadata/org-sync" {
  capabilities = ["list"]
}

path "botkeeper/metadata/org-sync/*" {
  capabilities = ["list", "read"]
}
