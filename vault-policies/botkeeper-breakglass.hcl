# botkeeper-breakglass: emergency access, e.g. after the bot's 2FA was reset or an admin left.
# Bound to: nobody day to day. Issue a short-lived token with this policy under two-person control
#   (e.g. `vault token create -policy=botkeeper-breakglass -ttl=1h` by an operator), and audit its use.
# Commands and the paths they need:
#   totp import [--replace]  botkeeper-totp/keys/account (create, update, read): the only policy that may
#                            write the TOTP key
#   account recovery set | use | migrate
#                            botkeeper/data/account-recovery, botkeeper/metadata/account-recovery (the count),
#                            botkeeper/destroy/account (migrate destroys old versions that held codes):
#                            the only policy that reads or writes the 2FA recovery codes
#   everything else          every path in the botkeeper KV mount, including reading token values
# Not granted: policies, mounts, auth methods (that stays with the Vault operators).

path "botkeeper/*" {
  capabilities = ["create", "read", "update", "delete", "list"]
}

path "botkeeper-totp/keys/account" {
  capabilities = ["create", "read", "update", "delete"]
}

path "botkeeper-totp/code/account" {
  capabilities = ["read"]
}
