# botkeeper-broker: the sync service (`botkeeper serve`, `botkeeper sync`), one or several replicas.
# Bound to: the AppRole role `botkeeper-broker` that `botkeeper vault init` creates
#   (or a JWT/Kubernetes role the operator binds to this policy).
# Commands and the paths they need:
#   sync, serve, status      botkeeper/data/tokens/* and metadata (read, list): the desired state
#                            botkeeper/data/writer (read): the credential to write GitHub secrets with
#                            botkeeper/data/writers/* (read, list): an owner's own writer, where one is set
#                            botkeeper/data/app-ceiling (read): the most an App binding's minted token carries
#                            botkeeper/data/sync/* (create, read, update, delete): the ledger, its own
#                            botkeeper/data/lease/sync (create, read, update): the replicas' lease (check-and-set)
#   token check              botkeeper/data/tokens/* (read), botkeeper/data/health/* (create, read, update):
#                            what GitHub said about each token, which sync and status read back
#   serve (fast path)        botkeeper/metadata/changes (read) every poll, botkeeper/data/changes (read)
#                            when it moved: which bindings changed through botkeeper
#   invitations --accept     botkeeper/data/bot-token (read): acts as the bot itself
#   sync, serve (OIDC)       botkeeper/data/oidc/* (read), botkeeper/metadata/oidc and oidc/* (list): the
#                            operator's marks of bindings delivered by OIDC ('oidc enable --remove-secret'),
#                            whose environment secret the broker deletes; never written by the broker
#   sync (organisation)      botkeeper/data/org-secrets/* and metadata (read, list): organisation secrets and
#                            their repositories; botkeeper/data/org-sync/* (create, read, update, delete): their ledger
# Not granted: the account password, the 2FA recovery codes, the TOTP engine, writing tokens, the writer or the
# OIDC marks, policies, mounts.

path "botkeeper/data/tokens/*" {
  capabilities = ["read"]
}

path "botkeeper/metadata/tokens" {
  capabilities = ["list"]
}

path "botkeeper/metadata/tokens/*" {
  capabilities = ["read", "list"]
}

path "botkeeper/data/writer" {
  capabilities = ["read"]
}

path "botkeeper/metadata/writer" {
  capabilities = ["read"]
}

path "botkeeper/data/writers/*" {
  capabilities = ["read"]
}

path "botkeeper/metadata/writers" {
  capabilities = ["list"]
}

path "botkeeper/metadata/writers/*" {
  capabilities = ["read"]
}

path "botkeeper/data/sync/*" {
  capabilities = ["create", "read", "update", "delete"]
}

path "botkeeper/metadata/sync" {
  capabilities = ["list"]
}

path "botkeeper/metadata/sync/*" {
  capabilities = ["read", "list", "delete"]
}

path "botkeeper/data/health/*" {
  capabilities = ["create", "read", "update"]
}

path "botkeeper/metadata/health/*" {
  capabilities = ["read"]
}

path "botkeeper/data/lease/sync" {
  capabilities = ["create", "read", "update"]
}

path "botkeeper/metadata/lease/sync" {
  capabilities = ["read"]
}

path "botkeeper/data/changes" {
  capabilities = ["read"]
}

path "botkeeper/metadata/changes" {
  capabilities = ["read"]
}

path "botkeeper/data/bot-token" {
  capabilities = ["read"]
}

path "botkeeper/metadata/bot-token" {
  capabilities = ["read"]
}

path "botkeeper/data/app-ceiling" {
  capabilities = ["read"]
}

path "botkeeper/data/oidc/*" {
  capabilities = ["read"]
}

path "botkeeper/metadata/oidc" {
  capabilities = ["list"]
}

path "botkeeper/metadata/oidc/*" {
  capabilities = ["list"]
}

path "botkeeper/data/org-secrets/*" {
  capabilities = ["read"]
}

path "botkeeper/metadata/org-secrets" {
  capabilities = ["list"]
}

path "botkeeper/metadata/org-secrets/*" {
  capabilities = ["read", "list"]
}

path "botkeeper/data/org-sync/*" {
  capabilities = ["create", "read", "update", "delete"]
}

path "botkeeper/metadata/org-sync" {
  capabilities = ["list"]
}

path "botkeeper/metadata/org-sync/*" {
  capabilities = ["read", "list", "delete"]
}
