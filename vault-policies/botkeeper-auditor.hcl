# botkeeper-auditor: people who review what exists and how it is synced, never a value.
# Bound to: an auditor identity group or a userpass/OIDC role chosen by the org.
# Commands: `botkeeper token list`, `token show` (metadata only), `status`.
# Paths: metadata of every token (KV v2 metadata/, never data/), the broker's ledger.

path "botkeeper/metadata/tokens" {
  capabilities = ["list"]
}

path "botkeeper/metadata/tokens/*" {
  capabilities = ["list", "read"]
}

path "botkeeper/metadata/sync/*" {
  capabilities = ["list"]
}

path "botkeeper/data/sync/*" {
  capabilities = ["read"]
}
