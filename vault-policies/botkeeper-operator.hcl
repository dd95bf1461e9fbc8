# botkeeper-operator: the Vault operator who runs 'botkeeper vault init', instead of a root token.
# Bound to: an operator's own identity. Written once by root: vault policy write botkeeper-operator botkeeper-operator.hcl
# vault init does not write this policy: it is what init needs before it can run.
# Commands and the paths they need:
#   vault init                       sys/mounts (read: which engines exist), sys/mounts/* (enable the KV v2 and TOTP mounts)
#                                    sys/auth (read), sys/auth/approle (enable AppRole)
#                                    sys/policies/acl/botkeeper-* (read and write botkeeper's policies, any mounts)
#                                    auth/approle/role/botkeeper-broker* (the broker's role; its role-id and secret-id
#                                    to hand the broker its credentials)
#   vault init --github-org          sys/plugins/catalog/auth/github (is there a GitHub auth method at all),
#                                    sys/auth/github (enable it), auth/github/config, auth/github/map/teams/*
#   vault init --github-oidc         sys/auth/github-actions (enable the JWT auth method for GitHub Actions' OIDC
#                                    tokens), auth/github-actions/config (the issuer it trusts)
#   vault init --kubernetes-host     sys/auth/kubernetes (enable the Kubernetes auth method for serve in a pod),
#                                    auth/kubernetes/config (the API server it trusts),
#                                    auth/kubernetes/role/botkeeper-broker* (the broker's role, bound to one service account)
#   oidc enable | disable | list     auth/github-actions/role (list), auth/github-actions/role/botkeeper-oidc-* (a
#                                    binding's JWT role), sys/policies/acl/botkeeper-oidc-* (its policy; delete on
#                                    disable). The operator already writes botkeeper's policies; admins do not get
#                                    this, as a policy and a role they write could grant any token to a workflow.
#   oidc enable --remove-secret      botkeeper/data/oidc/* (create, read, update), botkeeper/metadata/oidc/* (read;
#   | disable                        delete on disable): the mark that has the broker delete a binding's environment
#                                    secret. Only this policy (and break-glass, which may do anything in the mount)
#                                    writes it: whoever could would make the broker delete any repository's secret.
#                                    For another KV mount, the same two paths under that mount.
#   oidc broker [--remove]           auth/github-actions/role/botkeeper-broker-* (the broker's JWT role, for a
#                                    scheduled workflow; it grants the broker policy vault init wrote)
#   vault policy maintainer --write  sys/policies/acl/botkeeper-*
# Not granted: any secret in botkeeper's mounts (no token, password or 2FA code; the OIDC marks hold none), disabling mounts, other policies,
# other auth methods, creating tokens. (sys/mounts/* also allows tuning mounts: Vault's paths cannot tell it apart.)

path "sys/mounts" {
  capabilities = ["read"]
}

# Enabling a mount is a write to its path; "delete" (disable) is not granted.
path "sys/mounts/*" {
  capabilities = ["create", "update"]
}

path "sys/auth" {
  capabilities = ["read"]
}

path "sys/auth/approle" {
  capabilities = ["create", "update", "sudo"]
}

path "sys/policies/acl/botkeeper-*" {
  capabilities = ["create", "read", "update"]
}

path "auth/approle/role/botkeeper-broker*" {
  capabilities = ["create", "read", "update"]
}

path "sys/plugins/catalog/auth/github" {
  capabilities = ["read", "sudo"]
}

path "sys/auth/github" {
  capabilities = ["create", "update", "sudo"]
}

path "auth/github/config" {
  capabilities = ["create", "read", "update"]
}

path "auth/github/map/teams/*" {
  capabilities = ["create", "read", "update"]
}

path "sys/auth/kubernetes" {
  capabilities = ["create", "update", "sudo"]
}

path "auth/kubernetes/config" {
  capabilities = ["create", "read", "update"]
}

path "auth/kubernetes/role/botkeeper-broker*" {
  capabilities = ["create", "read", "update"]
}

path "sys/auth/github-actions" {
  capabilities = ["create", "update", "sudo"]
}

path "auth/github-actions/config" {
  capabilities = ["create", "read", "update"]
}

path "auth/github-actions/role" {
  capabilities = ["list"]
}

path "auth/github-actions/role/botkeeper-oidc-*" {
  capabilities = ["create", "read", "update", "delete"]
}

path "auth/github-actions/role/botkeeper-broker-*" {
  capabilities = ["create", "read", "update", "delete"]
}

path "sys/policies/acl/botkeeper-oidc-*" {
  capabilities = ["create", "read", "update", "delete"]
}

path "botkeeper/data/oidc/*" {
  capabilities = ["create", "read", "update"]
}

path "botkeeper/metadata/oidc/*" {
  capabilities = ["read", "delete"]
}
