# botkeeper-maintainer: a repository's maintainers may rotate that repository's token, nothing else.
# Bound to: a team's identity group (GitHub team mapping, OIDC group, userpass group), one generated
#   policy per team or repository set. This file is the template; `botkeeper vault init` does not
#   write it. Generate one with:
#     botkeeper vault policy maintainer --name botkeeper-maintainer-binderhub \
#         --repo jupyterhub/binderhub --repo jupyterhub/mybinder.org-deploy --write
#   The block between BEGIN and END is repeated once per --repo with OWNER/REPO replaced.
# Commands and the paths they need:
#   token put | show | rm    botkeeper/data/tokens/OWNER/REPO (write only), botkeeper/metadata/tokens/OWNER/REPO
#   token list               botkeeper/metadata/tokens and .../OWNER (names only)
#   (after token put | rm)   botkeeper/data/changes (write only), botkeeper/metadata/changes (read): the
#                            change marker serve watches; a marker naming another repository only makes
#                            the broker plan that one from Vault's records as usual
#   status                   botkeeper/data/sync/OWNER/REPO (read): the ledger of those repositories
#                            botkeeper/data/health/OWNER/REPO (read): the last token check
#                            botkeeper/data/oidc/OWNER/REPO (read): the operator's mark, if the repository is
#                            delivered by OIDC (writing it is the operator's alone)
# Not granted: other repositories' tokens, any token value, the account, its recovery codes, TOTP, the writer,
# organisation secrets (org-secrets/*, org-sync/*): one such token spans repositories, so no team's policy covers it.

path "botkeeper/metadata/tokens" {
  capabilities = ["list"]
}

path "botkeeper/data/changes" {
  capabilities = ["create", "update"]
}

path "botkeeper/metadata/changes" {
  capabilities = ["read"]
}

# BEGIN per-repository
path "botkeeper/metadata/tokens/OWNER" {
  capabilities = ["list"]
}

path "botkeeper/data/tokens/OWNER/REPO" {
  capabilities = ["create", "update"]
}

path "botkeeper/metadata/tokens/OWNER/REPO" {
  capabilities = ["create", "read", "update", "delete"]
}

path "botkeeper/data/sync/OWNER/REPO" {
  capabilities = ["read"]
}

path "botkeeper/data/health/OWNER/REPO" {
  capabilities = ["read"]
}

path "botkeeper/data/oidc/OWNER/REPO" {
  capabilities = ["read"]
}
# END per-repository
