// Command vault is HashiCorp Vault's own CLI and server, built from the Go module proxy so the
// tests can run on HashiCorp Vault where no vault binary is installed. It is the same entry point
// as the upstream main.go at the tag pinned in go.mod; nothing of ours runs inside it.
package main

import (
	"os"

	"github.com/hashicorp/vault/command"
)

func main() {
	os.Exit(command.Run(os.Args[1:]))
}
